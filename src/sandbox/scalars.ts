import { Kind, type GraphQLSchema, type ValueNode, isScalarType } from 'graphql';
import { InputValidationError, MESSAGES } from './errors';
import { EXTERNAL_ID_PATTERN, MAX_MINOR_UNITS, memoTooLong } from './invoice-rules';

/**
 * Input scalars as Blink writes them: a bad value is *returned* as an InputValidationError (not
 * thrown), so a mutation answers it as a payload error with only a message, and a query throws it.
 */
type Parsed = unknown;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX32 = /^[0-9a-f]{64}$/i;

function stringScalar(name: string, check: (value: string) => Parsed): { parseValue: (v: unknown) => Parsed; parseLiteral: (ast: ValueNode) => Parsed } {
  const invalidType = () => new InputValidationError(`Invalid type for ${name}`);
  return {
    parseValue: (value) => (typeof value === 'string' ? check(value) : invalidType()),
    parseLiteral: (ast) => (ast.kind === Kind.STRING ? check(ast.value) : invalidType()),
  };
}

function matching(name: string, pattern: RegExp, message = `Invalid value for ${name}`) {
  return stringScalar(name, (value) => (pattern.test(value) ? value : new InputValidationError(message)));
}

/** SatAmount and CentAmount: a JSON number (floats truncated) or a numeric string; an INT literal. */
function amountScalar(name: string) {
  const valid = (raw: string | number): Parsed => {
    const value = typeof raw === 'number' ? Math.trunc(raw) : Number.parseInt(raw, 10);
    if (!(Number.isInteger(value) && value >= 0)) return new InputValidationError(`Invalid value for ${name}`);
    if (value > MAX_MINOR_UNITS) return new InputValidationError(`Value too big for ${name}`);
    return value;
  };
  return {
    parseValue: (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? valid(value) : new InputValidationError(`Invalid type for ${name}`)),
    parseLiteral: (ast: ValueNode) => (ast.kind === Kind.INT ? valid(ast.value) : new InputValidationError(`Invalid type for ${name}`)),
  };
}

function minutesScalar() {
  const valid = (raw: string | number): Parsed => {
    const value = typeof raw === 'number' ? raw : Number(raw);
    return Number.isInteger(value) && value >= 0 ? value : new InputValidationError('Invalid value for Minutes');
  };
  return {
    parseValue: (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? valid(value) : new InputValidationError('Invalid type for Minutes')),
    parseLiteral: (ast: ValueNode) => (ast.kind === Kind.INT ? valid(Number(ast.value)) : new InputValidationError('Invalid type for Minutes')),
  };
}

function isHttpUrl(value: string): boolean {
  if (value.trim() !== value) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const INPUT_SCALARS = {
  WalletId: matching('WalletId', UUID),
  PaymentHash: matching('PaymentHash', HEX32),
  Hex32Bytes: matching('Hex32Bytes', HEX32),
  LnPaymentRequest: matching('LnPaymentRequest', /^ln[a-z0-9]+$/i),
  TxExternalId: matching('TxExternalId', EXTERNAL_ID_PATTERN, MESSAGES.invalidExternalId),
  Username: matching('Username', /^[A-Za-z0-9_]{3,50}$/),
  DisplayCurrency: matching('DisplayCurrency', /^[A-Za-z]{3}$/),
  Memo: stringScalar('Memo', (value) => (memoTooLong(value) ? new InputValidationError(MESSAGES.memoTooLong) : value)),
  EndpointUrl: stringScalar('EndpointUrl', (value) => (isHttpUrl(value) ? value : new InputValidationError('Invalid value for EndpointUrl'))),
  SatAmount: amountScalar('SatAmount'),
  CentAmount: amountScalar('CentAmount'),
  Minutes: minutesScalar(),
};

export function installScalars(schema: GraphQLSchema): void {
  for (const [name, behaviour] of Object.entries(INPUT_SCALARS)) {
    const type = schema.getType(name);
    if (!isScalarType(type)) throw new Error(`bug: scalar ${name} is not in the sandbox SDL`);
    type.parseValue = behaviour.parseValue;
    type.parseLiteral = behaviour.parseLiteral;
  }
}

/** The first input value that a scalar rejected, if any. */
export function firstInputError(values: readonly unknown[]): InputValidationError | undefined {
  return values.find((value): value is InputValidationError => value instanceof InputValidationError);
}
