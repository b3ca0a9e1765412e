import { HttpError } from 'react-admin';
import { describe, expect, it } from 'vitest';
import { toDecisionFilter } from './decisions';
import { createGraphQLClient } from './graphqlClient';
import { buildDataProvider } from './index';
import { offsetCursor, toConnectionArgs } from './pagination';

interface Call {
  url: string;
  init: RequestInit;
  body: { query: string; variables: Record<string, unknown> };
}

/** A fetch stand-in that records requests and answers with a fixed status and JSON body. */
function stubFetch(status: number, body: unknown) {
  const calls: Call[] = [];
  const fetch = async (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(url), init, body: JSON.parse(String(init.body)) });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

function onlyCall(calls: Call[]): Call {
  expect(calls).toHaveLength(1);
  return calls[0];
}

const node = (id: string) => ({ id, outcome: 'APPROVE', borrower: { id: 'b', externalRef: 'R', name: 'N' } });

describe('pagination', () => {
  it('uses graphql-relay offset cursors', () => {
    expect(offsetCursor(0)).toBe(btoa('arrayconnection:0'));
    expect(toConnectionArgs({ page: 1, perPage: 25 })).toEqual({ first: 25, after: null });
    expect(toConnectionArgs({ page: 2, perPage: 25 })).toEqual({
      first: 25,
      after: btoa('arrayconnection:24'),
    });
    expect(toConnectionArgs({ page: 3, perPage: 10 })).toEqual({
      first: 10,
      after: btoa('arrayconnection:19'),
    });
  });

  it('never asks for more than the API allows', () => {
    expect(toConnectionArgs({ page: 1, perPage: 1000 }).first).toBe(100);
  });
});

describe('decision filter', () => {
  it('keeps DecisionFilter fields and drops cleared inputs', () => {
    expect(toDecisionFilter({ outcome: 'DECLINE', overflow: false, q: 'x', borrowerId: '' })).toEqual({
      outcome: 'DECLINE',
      overflow: false,
    });
    expect(toDecisionFilter(undefined)).toEqual({});
  });
});

describe('dataProvider', () => {
  it('maps getList to the decisions connection', async () => {
    const { fetch, calls } = stubFetch(200, {
      data: { decisions: { totalCount: 42, edges: [{ node: node('d1') }, { node: node('d2') }] } },
    });
    const provider = buildDataProvider(createGraphQLClient({ fetch, getToken: () => 'tok' }));
    const result = await provider.getList('decisions', {
      pagination: { page: 2, perPage: 2 },
      sort: { field: 'decidedAt', order: 'DESC' },
      filter: { outcome: 'APPROVE' },
    });
    expect(result).toEqual({ data: [node('d1'), node('d2')], total: 42 });
    const [call] = calls;
    expect(call.url).toBe('/graphql');
    expect(call.init.method).toBe('POST');
    expect(call.init.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: 'Bearer tok',
    });
    expect(call.body.variables).toEqual({
      first: 2,
      after: btoa('arrayconnection:1'),
      filter: { outcome: 'APPROVE' },
    });
    expect(call.body.query).toMatch(/decisions\(first: \$first, after: \$after, filter: \$filter\)/);
  });

  it('sends no authorization header without a token', async () => {
    const { fetch, calls } = stubFetch(200, { data: { decision: node('d1') } });
    const provider = buildDataProvider(createGraphQLClient({ fetch }));
    await provider.getOne('decisions', { id: 'd1' });
    expect(onlyCall(calls).init.headers).not.toHaveProperty('authorization');
    expect(onlyCall(calls).body.variables).toEqual({ id: 'd1' });
  });

  it('turns a missing decision into a 404', async () => {
    const { fetch } = stubFetch(200, { data: { decision: null } });
    const provider = buildDataProvider(createGraphQLClient({ fetch }));
    await expect(provider.getOne('decisions', { id: 'nope' })).rejects.toMatchObject({ status: 404 });
  });

  it('refuses generic writes', async () => {
    const { fetch, calls } = stubFetch(200, {});
    const provider = buildDataProvider(createGraphQLClient({ fetch }));
    await expect(provider.delete('decisions', { id: 'd1' })).rejects.toMatchObject({ status: 405 });
    expect(calls).toHaveLength(0);
  });
});

describe('error mapping', () => {
  const failWith = async (status: number, body: unknown) => {
    const { fetch } = stubFetch(status, body);
    const provider = buildDataProvider(createGraphQLClient({ fetch }));
    return provider.getOne('decisions', { id: 'd1' }).then(
      () => expect.unreachable('the request should fail'),
      (error: unknown) => error as HttpError,
    );
  };
  const graphqlError = (code: string | undefined, message = 'boom') => ({
    data: null,
    errors: [{ message, extensions: code ? { code } : {} }],
  });

  it.each([
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['BAD_USER_INPUT', 400],
    ['CONFLICT', 409],
  ])('maps %s to HTTP %i', async (code, status) => {
    const error = await failWith(200, graphqlError(code));
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(status);
  });

  it("shows the API's message otherwise", async () => {
    const error = await failWith(200, graphqlError('INTERNAL', 'Policy store unavailable'));
    expect(error.message).toBe('Policy store unavailable');
    expect(error.status).toBe(500);
  });

  it('keeps the HTTP status of a rejected request', async () => {
    const error = await failWith(400, graphqlError(undefined, 'Cannot query field "nope"'));
    expect(error.status).toBe(400);
    expect(error.message).toBe('Cannot query field "nope"');
  });

  it('survives a non-JSON answer', async () => {
    const error = await failWith(502, '<html>Bad gateway</html>');
    expect(error).toBeInstanceOf(HttpError);
    expect(error.status).toBe(502);
  });
});
