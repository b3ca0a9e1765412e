import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../src/auth/auth.service.js';
import { User } from '../src/auth/user.entity.js';
import { Role } from '../src/core/role.js';
import { Application } from '../src/decisions/application.entity.js';
import { Decision } from '../src/decisions/decision.entity.js';
import { testDialects } from './support/databases.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const DECIDE = 'mutation ($input: DecideInput!) { decide(input: $input) { id } }';

const input = (key: string) => ({
  idempotencyKey: key,
  borrower: { externalRef: `B-${key}`, monthlyIncome: '15000.00', age: 31, employmentMonths: 40 },
  application: { requestedAmount: '30000.00', termMonths: 12 },
  facts: { bureauScore: 720, multiLenderCount: 1, inquiries3m: 1, maxDpd12m: 0, monthlyDebtService: 1200 },
});

/** What AuthService signs with, derived here on purpose: a token must be valid in every way but the one tested. */
const signingKey = (secret: string) => createHmac('sha256', secret).update('spillway-jwt').digest();

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(dialects)('bad credentials on %s', (dialect) => {
  let api: TestApi;
  let adminId: string;
  beforeAll(async () => {
    api = await startTestApi(dialect);
    adminId = (await api.orm.em.fork().findOneOrFail(User, { email: 'admin@spillway.local' })).id;
  });
  afterAll(async () => {
    await api?.close();
  });

  async function expectRefusedWithoutWrites(headers: Record<string, string>, key: string) {
    const em = api.orm.em.fork();
    const [decisions, applications] = [await em.count(Decision, {}), await em.count(Application, {})];
    const result = await api.request(DECIDE, { input: input(key) }, headers);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data).toBeUndefined();
    expect(await em.count(Decision, {})).toBe(decisions);
    expect(await em.count(Application, {})).toBe(applications);
    return result.errors?.[0].message;
  }

  it('refuses an expired session token', async () => {
    const token = await new SignJWT({ roles: [Role.ADMIN] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(adminId)
      .setIssuer('spillway')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(signingKey(api.spillway.services.config.secret));
    const message = await expectRefusedWithoutWrites({ authorization: `Bearer ${token}` }, 'expired-1');
    expect(message).toMatch(/expired/);
  });

  it('refuses a token signed with another key', async () => {
    const token = await new SignJWT({ roles: [Role.ADMIN] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(adminId)
      .setIssuer('spillway')
      .setExpirationTime('1h')
      .sign(signingKey('another-secret-that-is-at-least-32-characters'));
    await expectRefusedWithoutWrites({ authorization: `Bearer ${token}` }, 'forged-1');
  });

  it('refuses an unsigned token (alg none)', async () => {
    const claims = {
      sub: adminId,
      iss: 'spillway',
      roles: [Role.ADMIN],
      exp: Math.floor(Date.now() / 1000) + 3600,
    };
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
    await expectRefusedWithoutWrites({ authorization: `Bearer ${token}` }, 'unsigned-1');
  });

  it('refuses an API key once it is revoked, though it worked (and was cached) before', async () => {
    const { apiKey, key } = await AuthService.createApiKey(api.orm.em.fork(), {
      name: 'loan-app-old',
      roles: [Role.APP],
    });
    const before = await api.request(DECIDE, { input: input('revoked-0') }, { 'x-api-key': key });
    expect(before.errors).toBeUndefined();
    // Revoked as an administrator does it: every process forgets the key at once.
    const revoked = await api.request(
      'mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { revokedAt } }',
      { id: apiKey.id },
      await api.asUser('admin@spillway.local'),
    );
    expect(revoked.errors).toBeUndefined();
    await expectRefusedWithoutWrites({ 'x-api-key': key }, 'revoked-1');
  });
});
