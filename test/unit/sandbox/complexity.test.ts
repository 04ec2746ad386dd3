import { buildSchema, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { operationComplexity, rootFieldNames } from '../../../src/sandbox/complexity';
import { SANDBOX_SDL } from '../../../src/sandbox/sdl';

const schema = buildSchema(SANDBOX_SDL);

function analyse(source: string): { complexity: number; roots: string[] } {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operation === undefined) throw new Error('no operation');
  const fragments = Object.fromEntries(document.definitions
    .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  return { complexity: operationComplexity(schema, operation, fragments), roots: rootFieldNames(operation, fragments) };
}

describe('operationComplexity', () => {
  it('a mutation costs 120 plus its selection', () => {
    expect(analyse('mutation { lnInvoiceCreate(input: {walletId: "x", amount: 1}) { errors { message } invoice { paymentHash } } }').complexity)
      .toBe(120 + 2 + 2);
  });

  it('two mutations in one document go over 200', () => {
    const { complexity } = analyse(`mutation {
      a: lnInvoiceCreate(input: {walletId: "x", amount: 1}) { invoice { paymentHash } }
      b: lnInvoiceCreate(input: {walletId: "x", amount: 1}) { invoice { paymentHash } } }`);
    expect(complexity).toBe(244);
  });

  it('counts every query field with its children, __typename free, fragments once per type', () => {
    const { complexity, roots } = analyse(`query {
      a: lnInvoicePaymentStatusByHash(input: {paymentHash: "h"}) { status paymentHash __typename }
      b: lnInvoicePaymentStatusByHash(input: {paymentHash: "h"}) { ...S }
      me { defaultAccount { wallets { id ... on BTCWallet { balance } } } } }
      fragment S on LnInvoicePaymentStatus { status }`);
    // a: 1+2, b: 1+1, me: 1 + defaultAccount 1 + wallets (1 + max(BTCWallet: 2, UsdWallet: 1))
    expect(complexity).toBe(3 + 2 + 1 + 1 + 3);
    expect(roots).toEqual(['lnInvoicePaymentStatusByHash', 'lnInvoicePaymentStatusByHash', 'me']);
  });
});
