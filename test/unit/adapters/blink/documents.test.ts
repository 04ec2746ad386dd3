import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate, visit, type DocumentNode } from 'graphql';
import {
  STATUS_BATCH_MAX, accountDefaultWalletDocument, accountWalletsDocument, authorizationDocument,
  currencyConversionDocument, globalsDocument, invoiceMutationDocuments, invoiceStatusSubscriptionDocument,
  myUpdatesDocument, onChainAddressCurrentDocument, statusBatchDocument, walletInvoicesDocument, walletTransactionsByHashDocument, windDownDocument,
} from '../../../../src/adapters/blink/documents';

/** Blink's public schema, verbatim; kept beside the repository (../shared), absent outside it. */
const schemaPath = join(__dirname, '../../../../../shared/blink/schema.graphql');
const schemaPresent = existsSync(schemaPath);
if (!schemaPresent) {
  console.warn(`Blink contract test skipped: ${schemaPath} is absent (it lives beside this repository).`);
}

const documents: Record<string, string> = {
  accountWalletsDocument, authorizationDocument, globalsDocument, windDownDocument, accountDefaultWalletDocument,
  currencyConversionDocument, onChainAddressCurrentDocument, walletInvoicesDocument, myUpdatesDocument,
  invoiceStatusSubscriptionDocument, walletTransactionsByHashDocument, ...invoiceMutationDocuments,
  statusBatchOf1: statusBatchDocument(1), statusBatchOfMax: statusBatchDocument(STATUS_BATCH_MAX),
};

/** graphql-query-complexity's simple estimator as Blink configures it: every field 1, mutations 120. */
function complexity(document: DocumentNode): number {
  let total = 0;
  visit(document, {
    OperationDefinition(node) { if (node.operation === 'mutation') total += 119 * node.selectionSet.selections.length; },
    Field() { total += 1; },
  });
  return total;
}

(schemaPresent ? describe : describe.skip)('GraphQL documents against Blink\'s schema', () => {
  const schema = schemaPresent ? buildSchema(readFileSync(schemaPath, 'utf8')) : undefined;

  it.each(Object.entries(documents))('%s is valid', (_name, source) => {
    expect(validate(schema!, parse(source))).toEqual([]);
  });

  it('rejects a document with an unknown field (the check can fail)', () => {
    expect(validate(schema!, parse('query X { globals { network nope } }')).length).toBeGreaterThan(0);
  });
});

describe('GraphQL documents', () => {
  it.each(Object.entries(documents))('%s has exactly one named operation', (_name, source) => {
    const operations = parse(source).definitions.filter((definition) => definition.kind === 'OperationDefinition');
    expect(operations).toHaveLength(1);
    expect(operations[0]).toHaveProperty('name.value');
  });

  it.each(Object.entries(documents))('%s stays under Blink\'s complexity limit of 200', (_name, source) => {
    expect(complexity(parse(source))).toBeLessThan(200);
  });

  it('a status batch of one more than the maximum would exceed the limit', () => {
    expect(complexity(parse(statusBatchDocument(STATUS_BATCH_MAX + 1)))).toBeGreaterThanOrEqual(200);
  });
});
