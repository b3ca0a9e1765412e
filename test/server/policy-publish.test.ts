import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicantInput } from '../support/applicant.js';
import { createDatabase, requirePostgresUnlessLocal } from '../support/postgres.js';
import { DEMO, graphql, loginToken, type RunningServer, startBuiltServer } from '../support/server.js';

const withPostgres = await requirePostgresUnlessLocal();

const DECIDE = `mutation ($input: DecideInput!) { decide(input: $input) { revisions { kind number } } }`;
const VERSION = 'id number status lockVersion';

let decisions = 0;
const nextApplicant = () => applicantInput(`two-process-${++decisions}`);

describe.runIf(withPostgres)('a publish through one API process on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let first: RunningServer;
  let second: RunningServer;

  beforeAll(async () => {
    database = await createDatabase('spillway_two_process');
    // One after the other: the first migrates and seeds, the second finds it done.
    first = await startBuiltServer({ env: { DATABASE_URL: database.url } });
    second = await startBuiltServer({ env: { DATABASE_URL: database.url } });
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await database?.drop();
  });

  async function admissionNumberOn(server: RunningServer) {
    const result = await graphql<{ decide: { revisions: { kind: string; number: number }[] } }>(
      server.url,
      DECIDE,
      { input: nextApplicant() },
      { 'x-api-key': DEMO.apiKey },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.decide.revisions.find((r) => r.kind === 'ADMISSION')!.number;
  }

  it('reaches the other process within a second', async () => {
    const risk = { authorization: `Bearer ${await loginToken(first.url, DEMO.users.risk)}` };
    const approver = { authorization: `Bearer ${await loginToken(first.url, DEMO.users.approver)}` };
    const call = async (headers: Record<string, string>, query: string, input: Record<string, unknown>) => {
      const result = await graphql<Record<string, Record<string, unknown>>>(
        first.url,
        query,
        { input },
        headers,
      );
      expect(result.errors).toBeUndefined();
      return Object.values(result.data!)[0];
    };
    // The second process has loaded (and cached) version 1.
    expect(await admissionNumberOn(second)).toBe(1);
    expect(await admissionNumberOn(second)).toBe(1);

    const policies = await graphql<{ policies: { id: string; kind: string }[] }>(
      first.url,
      'query { policies { id kind } }',
      {},
      risk,
    );
    const admission = policies.data!.policies.find((p) => p.kind === 'ADMISSION')!;
    const draft = await call(
      risk,
      `mutation ($input: CreateDraftInput!) { createDraft(input: $input) { ${VERSION} } }`,
      {
        policyId: admission.id,
      },
    );
    await call(
      risk,
      `mutation ($input: VersionActionInput!) { submitVersion(input: $input) { ${VERSION} } }`,
      {
        versionId: draft.id,
      },
    );
    await call(
      approver,
      `mutation ($input: VersionActionInput!) { approveVersion(input: $input) { ${VERSION} } }`,
      {
        versionId: draft.id,
      },
    );
    await call(
      risk,
      `mutation ($input: PublishVersionInput!) { publishVersion(input: $input) { ${VERSION} } }`,
      {
        versionId: draft.id,
      },
    );
    const published = Date.now();

    let seen = await admissionNumberOn(second);
    while (seen !== draft.number && Date.now() - published < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      seen = await admissionNumberOn(second);
    }
    expect(seen).toBe(draft.number);
    expect(Date.now() - published).toBeLessThan(1000);
  });
});
