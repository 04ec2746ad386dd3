import {
  Kind, isAbstractType, isCompositeType, getNamedType,
  type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLObjectType, type GraphQLSchema,
  type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';

/**
 * Blink's query-complexity rule (graphql-query-complexity with a field-extensions estimator and a simple
 * estimator): every field costs 1 plus its children, a mutation field 120 plus its children, `__typename`
 * nothing; on an abstract type the most expensive possible type counts. Blink rejects a request whose
 * complexity is at least 200 (blink-api.md §3).
 */
export const MUTATION_COMPLEXITY = 120;
export const MAX_COMPLEXITY = 200;

type Fragments = Record<string, FragmentDefinitionNode>;

export function operationComplexity(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Fragments): number {
  const root = schema.getRootType(operation.operation);
  if (root === undefined || root === null) return 0;
  return objectComplexity(schema, root, operation.selectionSet, fragments, operation.operation === 'mutation');
}

function selectionComplexity(schema: GraphQLSchema, type: GraphQLCompositeType, set: SelectionSetNode, fragments: Fragments): number {
  if (!isAbstractType(type)) return objectComplexity(schema, type, set, fragments, false);
  const costs = schema.getPossibleTypes(type).map((possible) => objectComplexity(schema, possible, set, fragments, false));
  return Math.max(0, ...costs);
}

function applies(schema: GraphQLSchema, typeCondition: string | undefined, type: GraphQLObjectType): boolean {
  if (typeCondition === undefined || typeCondition === type.name) return true;
  const condition = schema.getType(typeCondition);
  return condition !== undefined && condition !== null && isAbstractType(condition) && schema.isSubType(condition, type);
}

function objectComplexity(schema: GraphQLSchema, type: GraphQLObjectType, set: SelectionSetNode, fragments: Fragments, mutationRoot: boolean): number {
  let total = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const field = type.getFields()[selection.name.value];
      if (field === undefined) continue; // __typename and other meta fields cost nothing
      const named = getNamedType(field.type);
      const children = selection.selectionSet !== undefined && isCompositeType(named)
        ? selectionComplexity(schema, named, selection.selectionSet, fragments) : 0;
      total += (mutationRoot ? MUTATION_COMPLEXITY : 1) + children;
    } else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments[selection.name.value];
      if (fragment === undefined || !applies(schema, fragment.typeCondition?.name.value, type)) continue;
      total += objectComplexity(schema, type, fragment.selectionSet, fragments, mutationRoot);
    }
  }
  return total;
}

/** Names of the root fields an operation selects, once per occurrence (aliases count separately). */
export function rootFieldNames(operation: OperationDefinitionNode, fragments: Fragments): string[] {
  const names: string[] = [];
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) names.push(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        const fragment = fragments[selection.name.value];
        if (fragment !== undefined) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return names;
}
