import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditScheme, auditKeys, eventHash, GENESIS_HASH } from '../src/audit/audit-chain.js';
import { AuditCheckpoints } from '../src/audit/audit-checkpoints.js';
import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { testDialects } from './support/databases.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const VERIFY = `query { verifyAuditLog { valid checked brokenAt reason problem headSeq headHash
  lastCheckpointSeq lastCheckpointAt } }`;

describe.each(dialects)('the tamper-evident audit log on %s', (dialect) => {
  let api: TestApi;
  let qa: Record<string, string>;
  let admissionId: string;

  const verify = async () => (await api.request(VERIFY, {}, qa)).data.verifyAuditLog;
  const events = () => api.orm.em.fork().find(AuditEvent, {}, { orderBy: { seq: 'asc' } });
  const audit = () => api.spillway.services.audit;

  /** A policy change, which records one audit event. */
  async function change() {
    const result = await api.request(
      'mutation ($input: CreateDraftInput!) { createDraft(input: $input) { id } }',
      { input: { policyId: admissionId } },
      await api.asUser('risk@spillway.local'),
    );
    expect(result.errors).toBeUndefined();
  }

  /** What someone with write access to the table but not the secret can do: recompute unkeyed hashes. */
  async function rechainUnkeyed(from: number, edit: (event: AuditEvent) => void = () => {}) {
    const em = api.orm.em.fork();
    const all = await em.find(AuditEvent, {}, { orderBy: { seq: 'asc' } });
    let prevHash = from === 0 ? GENESIS_HASH : all[from - 1].hash;
    for (const event of all.slice(from)) {
      edit(event);
      const hash = eventHash({ ...event, prevHash }, AuditScheme.UNKEYED, Buffer.alloc(0)) as string;
      await em.nativeUpdate(
        AuditEvent,
        { seq: event.seq },
        { summary: event.summary, prevHash, hash, scheme: AuditScheme.UNKEYED },
      );
      prevHash = hash;
    }
  }

  /** Puts rows back as they were, for the next scenario. */
  async function restore(rows: AuditEvent[]) {
    const em = api.orm.em.fork();
    await em.nativeDelete(AuditEvent, {});
    await em.insertMany(
      AuditEvent,
      rows.map((row) => ({ ...row })),
    );
  }

  beforeAll(async () => {
    api = await startTestApi(dialect);
    qa = await api.asUser('qa@spillway.local');
    const policies = (await api.request('query { policies { id kind } }', {}, qa)).data.policies;
    admissionId = policies.find((policy: { kind: string }) => policy.kind === 'ADMISSION').id;
    for (let i = 0; i < 4; i++) await change();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('chains new events with a key and checkpoints the head shortly after each commit', async () => {
    const before = await events();
    expect(before.every((event) => event.scheme === AuditScheme.KEYED)).toBe(true);
    await change();
    const head = (await events()).at(-1) as AuditEvent;
    // Written in the background about a second after the commit; poll for it rather than time it.
    const file = audit().checkpoints.file;
    for (let attempt = 0; attempt < 50; attempt++) {
      if (existsSync(file) && readFileSync(file, 'utf8').includes(`"seq":${head.seq},`)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await verify()).toMatchObject({
      valid: true,
      problem: null,
      headSeq: head.seq,
      headHash: head.hash,
      lastCheckpointSeq: head.seq,
    });
  });

  it('detects a middle event rewritten with recomputed unkeyed hashes, and a deleted newest event, and tells them apart', async () => {
    // From here on checkpoints are taken by hand, so none is taken of a state a test tampered with.
    await audit().stop();
    const original = await events();
    const middle = original[Math.floor(original.length / 2)];

    await rechainUnkeyed(original.indexOf(middle), (event) => {
      if (event.seq === middle.seq) event.summary = { ...event.summary, number: 999 };
    });
    expect(await verify()).toMatchObject({
      valid: false,
      problem: 'REWRITTEN',
      brokenAt: middle.seq,
      reason: 'an unkeyed event follows a keyed one',
    });

    // Keeping the keyed label does not help: the hash is not the keyed one.
    await restore(original);
    await api.orm.em.fork().nativeUpdate(
      AuditEvent,
      { seq: middle.seq },
      {
        summary: { ...middle.summary, number: 999 },
        hash: eventHash(
          { ...middle, summary: { ...middle.summary, number: 999 } },
          AuditScheme.UNKEYED,
          Buffer.alloc(0),
        ) as string,
      },
    );
    expect(await verify()).toMatchObject({ problem: 'REWRITTEN', brokenAt: middle.seq });

    await restore(original);
    expect(await verify()).toMatchObject({ valid: true, problem: null });

    const newest = original.at(-1) as AuditEvent;
    await api.orm.em.fork().nativeDelete(AuditEvent, { seq: newest.seq });
    expect(await verify()).toMatchObject({
      valid: false,
      problem: 'MISSING_NEWEST',
      brokenAt: newest.seq,
      headSeq: original.at(-2)?.seq,
      lastCheckpointSeq: newest.seq,
    });

    await restore(original);
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('keeps verifying events chained the old way, and catches their rewrite by the checkpoints and the keyed events after them', async () => {
    const original = await events();
    // A database from before keys: every event unkeyed, no checkpoint file yet.
    await rechainUnkeyed(0);
    rmSync(audit().checkpoints.file, { force: true });
    expect(await verify()).toMatchObject({ valid: true, checked: original.length, lastCheckpointSeq: null });

    // Its history is only as good as the checkpoints taken once keys exist.
    await audit().checkpoint();
    const legacy = await events();
    await rechainUnkeyed(1, (event) => {
      if (event.seq === legacy[1].seq) event.summary = { ...event.summary, rewritten: true };
    });
    expect(await verify()).toMatchObject({
      problem: 'REWRITTEN',
      brokenAt: (legacy.at(-1) as AuditEvent).seq,
      reason: expect.stringMatching(/does not match the checkpoint signed at/),
    });
    await restore(legacy);

    // New events are keyed and link onto the old chain: without any checkpoint, rewriting the old part
    // still shows, since the keyed event cannot be relinked without the key.
    await change();
    const mixed = await events();
    const keyed = mixed.at(-1) as AuditEvent;
    expect(keyed.scheme).toBe(AuditScheme.KEYED);
    expect(await verify()).toMatchObject({ valid: true });
    rmSync(audit().checkpoints.file, { force: true });
    await api.orm.em.fork().nativeDelete(AuditEvent, { seq: keyed.seq });
    await rechainUnkeyed(1, (event) => {
      if (event.seq === mixed[1].seq) event.summary = { ...event.summary, rewritten: true };
    });
    await api.orm.em.fork().insert(AuditEvent, { ...keyed });
    expect(await verify()).toMatchObject({ problem: 'BROKEN_LINK', brokenAt: keyed.seq });
    await restore(mixed);
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('reports a forged checkpoint, and ignores genuine checkpoints of another database', async () => {
    const { file } = audit().checkpoints;
    const otherDatabase = new AuditCheckpoints(
      file,
      auditKeys(api.spillway.services.config.secret).checkpoint,
      'postgresql://elsewhere:5432/other',
    );
    // Several writers append at once, as several processes sharing a data directory do.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 ? otherDatabase.append({ seq: 10_000 + i, hash: 'f'.repeat(64) }) : audit().checkpoint(),
      ),
    );
    expect(await verify()).toMatchObject({ valid: true, problem: null });

    const head = (await events()).at(-1) as AuditEvent;
    const forged = { seq: head.seq + 5, hash: head.hash, at: new Date().toISOString(), mac: '0'.repeat(64) };
    appendFileSync(file, `${JSON.stringify({ ...forged, database: 'sqlite::memory:' })}\n`);
    expect(await verify()).toMatchObject({ valid: false, problem: 'CHECKPOINT_FORGED' });
  });
});
