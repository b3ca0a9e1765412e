import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from './support/databases.js';
import { applicant } from './support/decide.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const DECIDE = 'mutation Decide($input: DecideInput!) { decide(input: $input) { id outcome } }';

const NATIONAL_ID = '110105199003071234';
const PHONE = '+86 138 0013 8000';

const input = (key: string, facts: Record<string, unknown> = {}) =>
  applicant(key, { borrower: { nationalId: NATIONAL_ID, phone: PHONE }, facts });

describe.each(dialects)('logs and metrics on %s', (dialect) => {
  let api: TestApi;
  const lines: string[] = [];
  beforeAll(async () => {
    api = await startTestApi(dialect, {}, { logDestination: { write: (line: string) => lines.push(line) } });
  });
  afterAll(async () => {
    await api?.close();
  });

  async function decide(key: string, requestId: string, facts: Record<string, unknown> = {}) {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...api.asApp },
      body: JSON.stringify({
        query: DECIDE,
        variables: { input: input(key, facts) },
        operationName: 'Decide',
      }),
    });
    const body: any = await response.json();
    // The line is written when the response closes, a moment after the client has read it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return {
      response,
      body,
      logged: lines.map((line) => JSON.parse(line)).filter((l) => l.requestId === requestId),
    };
  }

  it('writes one JSON line per operation with the request id, the viewer and no PII', async () => {
    const { response, body, logged } = await decide('log-1', 'req-log-1');
    expect(body.errors).toBeUndefined();
    expect(response.headers.get('x-request-id')).toBe('req-log-1');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      msg: 'graphql request',
      requestId: 'req-log-1',
      operationName: 'Decide',
      status: 200,
      viewer: { kind: 'apiKey', id: expect.any(String) },
      errorCodes: [],
      durationMs: expect.any(Number),
    });
    const everything = lines.join('\n');
    for (const secret of [NATIONAL_ID, PHONE, '0013', 'spillway.local', 'spillway-demo-app-key']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('names the error codes of a failed operation, and makes up a request id when none is given', async () => {
    const { logged } = await decide('log-2', 'req-log-2', { bureauScore: 'high' });
    expect(logged[0].errorCodes).toEqual(['BAD_USER_INPUT']);

    for (const given of [undefined, 'spaces and "quotes"', 'x'.repeat(200)]) {
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(given ? { 'x-request-id': given } : {}) },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('counts decisions, their duration and errors by code in Prometheus text at /metrics', async () => {
    await decide('metrics-1', 'req-metrics-1');
    await decide('metrics-2', 'req-metrics-2');
    const response = await fetch(`${api.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    const decisions = [...text.matchAll(/^spillway_decisions_total\{outcome="(\w+)"\} (\d+)$/gm)];
    // log-1 and the two above; log-2 failed validation.
    expect(decisions.reduce((sum, match) => sum + Number(match[2]), 0)).toBe(3);
    expect(text).toMatch(/^spillway_decide_duration_seconds_count 4$/m);
    expect(text).toMatch(/^spillway_graphql_errors_total\{code="BAD_USER_INPUT"\} 1$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    // Stalls of the thread that answers requests: a histogram of timer delays, and the longest one.
    expect(text).toMatch(/^spillway_event_loop_delay_seconds_bucket\{le="0.05"\} \d+$/m);
    expect(Number(text.match(/^spillway_event_loop_delay_seconds_count (\d+)$/m)?.[1])).toBeGreaterThan(0);
    expect(text).toMatch(/^spillway_event_loop_delay_max_seconds \d/m);
  });
});
