/**
 * The JSON types a PHP plugin depends on. greenfield-php's result classes are `strict_types`, so a
 * getter typed `string` throws a TypeError on a number, and PHP reads the string "false" as true:
 * a status code alone proves nothing. `expectShape(value, shape)` fails with every field whose JSON
 * type differs from what the plugin reads, e.g. `$.payments[0].value: expected decimal string, got number 0.1`.
 *
 * Shapes describe only the fields a plugin reads; other fields may be present.
 */
export type Shape =
  | 'string' | 'non-empty string' | 'boolean' | 'integer' | 'decimal string' | 'null' | 'unknown'
  | { readonly literal: string | number | boolean | null }
  | { readonly array: Shape; readonly nonEmpty?: boolean }
  | { readonly object: Readonly<Record<string, Shape>> }
  | { readonly anyOf: readonly Shape[] };

const DECIMAL = /^-?\d+(\.\d+)?$/;

const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return `${typeof value} ${JSON.stringify(value)}`;
};

const shapeName = (shape: Shape): string => {
  if (typeof shape === 'string') return shape;
  if ('literal' in shape) return JSON.stringify(shape.literal);
  if ('array' in shape) return `array of ${shapeName(shape.array)}`;
  if ('object' in shape) return 'object';
  return shape.anyOf.map(shapeName).join(' or ');
};

/** The problems, one per mismatching field; `[]` when the value has the shape. */
export function shapeProblems(value: unknown, shape: Shape, path = '$'): string[] {
  const fail = [`${path}: expected ${shapeName(shape)}, got ${describe(value)}`];
  if (typeof shape === 'string') {
    switch (shape) {
      case 'unknown': return [];
      case 'string': return typeof value === 'string' ? [] : fail;
      case 'non-empty string': return typeof value === 'string' && value !== '' ? [] : fail;
      case 'boolean': return typeof value === 'boolean' ? [] : fail;
      case 'integer': return typeof value === 'number' && Number.isInteger(value) ? [] : fail;
      case 'decimal string': return typeof value === 'string' && DECIMAL.test(value) ? [] : fail;
      case 'null': return value === null ? [] : fail;
    }
  }
  if ('literal' in shape) return value === shape.literal ? [] : fail;
  if ('anyOf' in shape) return shape.anyOf.some((option) => shapeProblems(value, option, path).length === 0) ? [] : fail;
  if ('array' in shape) {
    if (!Array.isArray(value)) return fail;
    if (shape.nonEmpty === true && value.length === 0) return [`${path}: expected a non-empty array, got []`];
    return value.flatMap((item, index) => shapeProblems(item, shape.array, `${path}[${index}]`));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail;
  const record = value as Record<string, unknown>;
  return Object.entries(shape.object).flatMap(([key, fieldShape]) =>
    key in record ? shapeProblems(record[key], fieldShape, `${path}.${key}`) : [`${path}.${key}: missing (expected ${shapeName(fieldShape)})`]);
}

export function expectShape(value: unknown, shape: Shape, what = 'response'): void {
  const problems = shapeProblems(value, shape);
  if (problems.length > 0) throw new Error(`${what} does not have the JSON types the plugin reads:\n  ${problems.join('\n  ')}`);
}

export const object = (fields: Readonly<Record<string, Shape>>): Shape => ({ object: fields });
export const array = (item: Shape, options: { nonEmpty?: boolean } = {}): Shape => ({ array: item, ...options });
export const literal = (value: string | number | boolean | null): Shape => ({ literal: value });
export const nullable = (shape: Shape): Shape => ({ anyOf: [shape, 'null'] });
