import { PolicyError, type PolicyErrorCategory, policyErrorCategory } from '@spillway/rules';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'POLICY_INVALID'
  | 'RATE_LIMITED'
  | 'INTERNAL';

/** The one error type services throw; formatError turns it into `extensions.code`. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/**
 * Carries HTTP 429 and Retry-After in `extensions.http`, which Apollo turns into the response status and
 * header, so proxies and clients back off without reading the body.
 */
export class RateLimitedError extends DomainError {
  readonly extensions: { http: { status: number; headers: Map<string, string> } };

  constructor(message: string, retryAfterSeconds: number) {
    super('RATE_LIMITED', message, { retryAfterSeconds });
    this.extensions = {
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    };
  }
}

const CATEGORY_CODES: Record<PolicyErrorCategory, ErrorCode> = {
  INPUT: 'BAD_USER_INPUT',
  POLICY: 'POLICY_INVALID',
  STATE: 'CONFLICT',
};

/** Every coded error of the rules package, as the API names it: the category's code, the rules' code as reason. */
export const policyExtensions = (error: PolicyError) => ({
  code: CATEGORY_CODES[policyErrorCategory(error.code)],
  reason: error.code,
  ...(error.path !== undefined ? { field: error.path } : {}),
  ...(error.problems !== undefined ? { problems: error.problems } : {}),
});

/** What a DomainError says to clients, over GraphQL or a plain HTTP endpoint alike. */
export const domainExtensions = (error: DomainError) => ({ code: error.code, ...error.details });

export const notFound = (entity: string, id: string) =>
  new DomainError('NOT_FOUND', `${entity} ${id} does not exist`, { entity, id });

const APOLLO_INPUT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  // Apollo's refusals of the HTTP request itself: CSRF prevention, a mutation over GET, a missing query.
  'BAD_REQUEST',
]);

function unwrap(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? error.originalError : error;
}

/**
 * Maps whatever a resolver threw to the error codes the API promises. Anything unexpected becomes
 * INTERNAL with a generic message: the detail (stack, SQL, input values) goes to the log, never to the
 * client, in every mode, since a development server can be reached by anonymous callers too.
 */
export function createErrorFormatter(options: { onInternal: (error: unknown) => void }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrap(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError) {
      return { ...base, message: original.message, extensions: domainExtensions(original) };
    }
    if (original instanceof PolicyError) {
      return { ...base, message: original.message, extensions: policyExtensions(original) };
    }
    const code = formatted.extensions?.code;
    if (code === 'UNAUTHORIZED') {
      return { ...base, message: 'Your role may not do this', extensions: { code: 'FORBIDDEN' } };
    }
    if (original instanceof GraphQLError && code === 'BAD_USER_INPUT') {
      return { ...base, extensions: { ...formatted.extensions, code } };
    }
    if (typeof code === 'string' && APOLLO_INPUT_CODES.has(code)) {
      return { ...base, extensions: { code: 'BAD_USER_INPUT', reason: code } };
    }
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      return { ...base, extensions: { code } };
    }
    options.onInternal(original);
    return { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL' } };
  };
}
