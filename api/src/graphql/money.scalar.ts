import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DECIMAL = /^-?\d{1,13}(?:\.\d{1,2})?$/;

function assertDecimal(value: unknown): string {
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return value.trim();
  throw new GraphQLError(
    `Money must be a decimal string with at most two decimals, e.g. "12000.00"; got ${JSON.stringify(value)}`,
    { extensions: { code: 'BAD_USER_INPUT' } },
  );
}

/** Decimal strings on the wire: JSON numbers would invite float arithmetic on amounts in clients. */
export const Money = new GraphQLScalarType({
  name: 'Money',
  description:
    'An amount in the product currency as a decimal string with at most two decimals, e.g. "12000.00"',
  serialize: (value) => value,
  parseValue: assertDecimal,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING) return assertDecimal(ast.value);
    throw new GraphQLError('Money literals must be strings, e.g. "12000.00"', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  },
});
