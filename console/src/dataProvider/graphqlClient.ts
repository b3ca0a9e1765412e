import { HttpError } from 'react-admin';

export interface GraphQLErrorPayload {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: GraphQLErrorPayload[];
}

export type GraphQLRequest = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export interface GraphQLClientOptions {
  /** Relative so the console works wherever the API serves it. */
  endpoint?: string;
  fetch?: typeof fetch;
  getToken?: () => string | null;
}

const statusByCode: Record<string, number> = {
  BAD_USER_INPUT: 400,
  POLICY_INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

/** react-admin reacts to HttpError statuses: 401 logs out via checkError, the message is notified. */
function toHttpError(errors: GraphQLErrorPayload[], httpStatus: number): HttpError {
  const [first] = errors;
  const code = first.extensions?.code;
  const status = (code ? statusByCode[code] : undefined) ?? (httpStatus >= 400 ? httpStatus : 500);
  return new HttpError(first.message, status, { code, errors });
}

export function createGraphQLClient(options: GraphQLClientOptions = {}): GraphQLRequest {
  const endpoint = options.endpoint ?? '/graphql';
  const getToken = options.getToken ?? (() => null);
  return async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const doFetch = options.fetch ?? fetch;
    const token = getToken();
    const headers: Record<string, string> = {
      // Apollo's CSRF prevention rejects simple (text/plain) requests.
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await doFetch(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    let body: GraphQLBody<T>;
    try {
      body = (await response.json()) as GraphQLBody<T>;
    } catch {
      // A proxy or crashed server answering with HTML: keep the HTTP status so checkError can still act.
      throw new HttpError(response.statusText || `HTTP ${response.status}`, response.status || 500);
    }
    if (body.errors?.length) throw toHttpError(body.errors, response.status);
    if (!response.ok || body.data == null) {
      throw new HttpError(response.statusText || `HTTP ${response.status}`, response.status || 500);
    }
    return body.data;
  };
}
