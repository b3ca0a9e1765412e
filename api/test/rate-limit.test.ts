import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitedError } from '../src/core/errors.js';
import { DEMO_PASSWORD } from '../src/demo/seed.js';
import { TokenBuckets } from '../src/http/rate-limit.js';
import { testDialects } from './support/databases.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const LOGIN =
  'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }';

async function post(api: TestApi, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as any,
  };
}

describe('token buckets', () => {
  it('allow a burst of the per-minute rate, then refill evenly', () => {
    let now = 0;
    const buckets = new TokenBuckets(6, () => now);
    for (let taken = 0; taken < 6; taken += 1) buckets.take('k', 'requests');
    expect(() => buckets.take('k', 'requests')).toThrow(RateLimitedError);
    buckets.take('other', 'requests');
    now += 9_999;
    expect(() => buckets.take('k', 'requests')).toThrow(/retry in 1 s/);
    now += 1;
    buckets.take('k', 'requests');
  });
});

describe.each(dialects)('request rate limit on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(dialect, { rateLimitPerMinute: 3 });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('limits each API key on its own with 429, RATE_LIMITED and a retry-after hint', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await post(api, { query: '{ __typename }' }, api.asApp)).status).toBe(200);
    }
    const limited = await post(api, { query: '{ __typename }' }, api.asApp);
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect(limited.body.errors[0]).toMatchObject({
      message: expect.stringContaining('3 a minute'),
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: Number(limited.retryAfter) },
    });
    expect(limited.body.data).toBeUndefined();

    // The login is anonymous and spends one of this address's three tokens.
    const user = await api.asUser('qa@spillway.local');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await post(api, { query: '{ __typename }' }, user)).status).toBe(200);
    }
    expect((await post(api, { query: '{ __typename }' }, user)).status).toBe(429);
  });

  it('limits anonymous callers by address, counting failed credentials too', async () => {
    await post(api, { query: '{ __typename }' });
    const forged = await post(api, { query: '{ __typename }' }, { 'x-api-key': 'spillway-not-a-key' });
    expect(forged.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const limited = await post(api, { query: '{ __typename }' }, { 'x-api-key': 'spillway-not-a-key' });
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await post(api, { query: '{ __typename }' })).status).toBe(429);
  });
});

describe.each(dialects)('login attempt limit on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(dialect, { loginAttemptsPerMinute: 2 });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('limits attempts per email and address, even with the right password then', async () => {
    const attempt = (email: string, password: string) =>
      post(api, { query: LOGIN, variables: { email, password } });
    for (let tries = 0; tries < 2; tries += 1) {
      const wrong = await attempt('risk@spillway.local', 'guess');
      expect(wrong.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const limited = await attempt('RISK@spillway.local', DEMO_PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0]).toMatchObject({
      message: expect.stringContaining('login attempts'),
      extensions: { code: 'RATE_LIMITED' },
    });
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    const otherUser = await attempt('approver@spillway.local', DEMO_PASSWORD);
    expect(otherUser.body.data.login.token).toEqual(expect.any(String));
  });
});
