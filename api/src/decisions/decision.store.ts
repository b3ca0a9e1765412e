/**
 * The decide path's statements: at most six for a new borrower (read the borrower with their lines, write
 * the borrower, the application, the line, the decision, the limit change), each prepared once with bound
 * parameters. Everything else about decisions reads and writes through MikroORM.
 */
import type { Row, SqlConnection, SqlTx } from '../db/sql-connection.js';

export interface StoredBorrower {
  id: string;
  externalRef: string;
  name: string;
  nationalIdHash: string | null;
  phoneMasked: string | null;
  phoneEncrypted: string | null;
  profile: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface StoredLine {
  id: string;
  borrowerId: string;
  productId: string;
  limitMinor: number;
  drawnBalanceMinor: number;
  affordableLimitMinor: number | null;
  overflow: boolean;
  aprBps: number;
  status: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface StoredApplication {
  id: string;
  createdAt: Date;
  idempotencyKey: string;
  requesterKey: string;
  requestHash: string;
  requestedBy: string;
  borrowerId: string;
  productId: string;
  requestedAmountMinor: number;
  termMonths: number;
  purpose: string | null;
  channel: string | null;
}

export interface StoredDecision {
  id: string;
  createdAt: Date;
  applicationId: string;
  borrowerId: string;
  productId: string;
  creditLineId: string | null;
  outcome: string;
  approvedLimitMinor: number | null;
  aprBps: number | null;
  termMonths: number | null;
  riskTier: string | null;
  reasons: unknown;
  affordableLimitMinor: number | null;
  overflow: boolean;
  revisions: unknown;
  facts: unknown;
  trace: unknown;
  challenger: unknown;
  exposure: unknown;
  asOf: Date;
  decidedAt: Date;
  latencyMs: number;
  referralStatus: string | null;
}

export interface StoredLimitChange {
  id: string;
  createdAt: Date;
  creditLineId: string;
  fromMinor: number | null;
  toMinor: number;
  reason: string;
  decisionId: string | null;
}

const BORROWER_WITH_LINES = `select b.id, b.name, b.profile, b.national_id_hash, b.phone_masked, b.phone_encrypted,
  b.created_at, b.updated_at, c.id as line_id, c.product_id, c.limit_minor, c.drawn_balance_minor,
  c.affordable_limit_minor, c.overflow, c.apr_bps, c.status, c.created_at as line_created_at,
  c.updated_at as line_updated_at
  from borrower b left join credit_line c on c.borrower_id = b.id
  where b.external_ref = ?`;

/** Someone decided for the same new borrower at the same time: nothing is inserted, the caller retries. */
const INSERT_BORROWER = `insert into borrower (id, created_at, external_ref, name, national_id_hash, phone_masked,
  phone_encrypted, profile, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (external_ref) do nothing`;

const UPDATE_BORROWER = `update borrower set name = ?, national_id_hash = ?, phone_masked = ?, phone_encrypted = ?,
  profile = ?, updated_at = ? where id = ?`;

/** A key already used by the same caller inserts nothing: the caller then answers as a retry. */
const INSERT_APPLICATION = `insert into application (id, created_at, idempotency_key, requester_key, request_hash,
  requested_by, borrower_id, product_id, requested_amount_minor, term_months, purpose, channel)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (requester_key, idempotency_key) do nothing`;

const INSERT_LINE = `insert into credit_line (id, created_at, borrower_id, product_id, limit_minor,
  drawn_balance_minor, affordable_limit_minor, overflow, apr_bps, status, updated_at)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const UPDATE_LINE = `update credit_line set limit_minor = ?, affordable_limit_minor = ?, overflow = ?, apr_bps = ?,
  updated_at = ? where id = ?`;

const UPDATE_OVERFLOW = 'update credit_line set overflow = ?, updated_at = ? where id = ?';

const INSERT_DECISION = `insert into decision (id, created_at, application_id, borrower_id, product_id,
  credit_line_id, outcome, approved_limit_minor, apr_bps, term_months, risk_tier, reasons, affordable_limit_minor,
  overflow, revisions, facts, trace, challenger, exposure, as_of, decided_at, latency_ms, referral_status)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const INSERT_LIMIT_CHANGE = `insert into limit_change (id, created_at, credit_line_id, from_minor, to_minor, reason,
  decision_id) values (?, ?, ?, ?, ?, ?, ?)`;

/**
 * Exposure counters. SQLite: one writer at a time, so a read and a write in the transaction are exact.
 * PostgreSQL: the counters a decision draws on are created if missing, then locked in key order (every
 * decide locks its borrower first, then counters in that order, so two decides never wait on each other
 * in a circle) and held until commit: concurrent decides against one budget queue at the counter, and
 * exactly what fits goes through.
 */
const EXPOSURE_SQL = {
  sqlite: {
    read: `select counter_key, used from exposure_counter
      where product_id = ? and counter_key in (select value from json_each(?))`,
    add: `insert into exposure_counter (product_id, counter_key, used, updated_at)
      select ?, key, max(0, value), ? from json_each(?) where true
      on conflict (product_id, counter_key) do update set used = max(0, used + excluded.used),
      updated_at = excluded.updated_at`,
    // The upsert's excluded row holds the clamped insert value: room given back needs its own update.
    release: `update exposure_counter set used = max(0, used + (select value from json_each(?) as change
      where change.key = exposure_counter.counter_key)), updated_at = ?
      where product_id = ? and counter_key in (select key from json_each(?))`,
  },
  postgresql: {
    create: `insert into exposure_counter (product_id, counter_key, used, updated_at)
      select ?, key, 0, ? from unnest(?::text[]) as key on conflict do nothing`,
    read: `select counter_key, used from exposure_counter
      where product_id = ? and counter_key = any(?::text[]) order by counter_key for update`,
    add: `update exposure_counter as counter set used = greatest(0, counter.used + change.delta), updated_at = ?
      from unnest(?::text[], ?::bigint[]) as change(key, delta)
      where counter.product_id = ? and counter.counter_key = change.key`,
  },
};

/** The decide path's writes inside one transaction of the store. */
export class DecisionTx {
  private counters?: ExposureCounters;

  constructor(
    private readonly tx: SqlTx,
    private readonly sql: SqlConnection,
  ) {}

  /** The borrower with every line of theirs, or null for someone not yet known. */
  async borrowerWithLines(
    externalRef: string,
  ): Promise<{ borrower: StoredBorrower; lines: StoredLine[] } | null> {
    const rows = await this.tx.rows(
      this.sql.dialect === 'postgresql' ? `${BORROWER_WITH_LINES} for update of b` : BORROWER_WITH_LINES,
      [externalRef],
    );
    if (rows.length === 0) return null;
    const v = this.sql.values;
    const first = rows[0];
    const borrower: StoredBorrower = {
      id: String(first.id),
      externalRef,
      name: String(first.name),
      nationalIdHash: (first.national_id_hash as string | null) ?? null,
      phoneMasked: (first.phone_masked as string | null) ?? null,
      phoneEncrypted: (first.phone_encrypted as string | null) ?? null,
      profile: v.readJson<Record<string, unknown>>(first.profile),
      createdAt: v.readDate(first.created_at),
      updatedAt: v.readDate(first.updated_at),
    };
    const lines = rows.filter((row) => row.line_id !== null).map((row) => this.line(row, borrower.id));
    return { borrower, lines };
  }

  private line(row: Row, borrowerId: string): StoredLine {
    const v = this.sql.values;
    return {
      id: String(row.line_id),
      borrowerId,
      productId: String(row.product_id),
      limitMinor: v.readNumber(row.limit_minor),
      drawnBalanceMinor: v.readNumber(row.drawn_balance_minor),
      affordableLimitMinor:
        row.affordable_limit_minor === null ? null : v.readNumber(row.affordable_limit_minor),
      overflow: v.readBool(row.overflow),
      aprBps: v.readNumber(row.apr_bps),
      status: String(row.status),
      createdAt: v.readDate(row.line_created_at),
      updatedAt: v.readDate(row.line_updated_at),
    };
  }

  /** False when a concurrent transaction created the same borrower first. */
  async insertBorrower(b: StoredBorrower): Promise<boolean> {
    const v = this.sql.values;
    const changed = await this.tx.run(INSERT_BORROWER, [
      b.id,
      v.date(b.createdAt),
      b.externalRef,
      b.name,
      b.nationalIdHash,
      b.phoneMasked,
      b.phoneEncrypted,
      v.json(b.profile),
      v.date(b.updatedAt),
    ]);
    return changed === 1;
  }

  async updateBorrower(b: StoredBorrower) {
    const v = this.sql.values;
    await this.tx.run(UPDATE_BORROWER, [
      b.name,
      b.nationalIdHash,
      b.phoneMasked,
      b.phoneEncrypted,
      v.json(b.profile),
      v.date(b.updatedAt),
      b.id,
    ]);
  }

  /** False when the caller already used this idempotency key. */
  async insertApplication(a: StoredApplication): Promise<boolean> {
    const changed = await this.tx.run(INSERT_APPLICATION, [
      a.id,
      this.sql.values.date(a.createdAt),
      a.idempotencyKey,
      a.requesterKey,
      a.requestHash,
      a.requestedBy,
      a.borrowerId,
      a.productId,
      a.requestedAmountMinor,
      a.termMonths,
      a.purpose,
      a.channel,
    ]);
    return changed === 1;
  }

  async insertLine(line: StoredLine) {
    const v = this.sql.values;
    await this.tx.run(INSERT_LINE, [
      line.id,
      v.date(line.createdAt),
      line.borrowerId,
      line.productId,
      line.limitMinor,
      line.drawnBalanceMinor,
      line.affordableLimitMinor,
      v.bool(line.overflow),
      line.aprBps,
      line.status,
      v.date(line.updatedAt),
    ]);
  }

  async updateLine(line: StoredLine) {
    const v = this.sql.values;
    await this.tx.run(UPDATE_LINE, [
      line.limitMinor,
      line.affordableLimitMinor,
      v.bool(line.overflow),
      line.aprBps,
      v.date(line.updatedAt),
      line.id,
    ]);
  }

  async updateOverflow(line: StoredLine) {
    const v = this.sql.values;
    await this.tx.run(UPDATE_OVERFLOW, [v.bool(line.overflow), v.date(line.updatedAt), line.id]);
  }

  async insertDecision(d: StoredDecision) {
    const v = this.sql.values;
    await this.tx.run(INSERT_DECISION, [
      d.id,
      v.date(d.createdAt),
      d.applicationId,
      d.borrowerId,
      d.productId,
      d.creditLineId,
      d.outcome,
      d.approvedLimitMinor,
      d.aprBps,
      d.termMonths,
      d.riskTier,
      v.json(d.reasons),
      d.affordableLimitMinor,
      v.bool(d.overflow),
      v.json(d.revisions),
      v.json(d.facts),
      v.json(d.trace),
      d.challenger === null ? null : v.json(d.challenger),
      d.exposure === null ? null : v.json(d.exposure),
      v.date(d.asOf),
      v.date(d.decidedAt),
      d.latencyMs,
      d.referralStatus,
    ]);
  }

  /** The exposure counters, in this transaction. */
  get exposure() {
    this.counters ??= new ExposureCounters(this.tx, this.sql);
    return this.counters;
  }

  async insertLimitChange(change: StoredLimitChange) {
    await this.tx.run(INSERT_LIMIT_CHANGE, [
      change.id,
      this.sql.values.date(change.createdAt),
      change.creditLineId,
      change.fromMinor,
      change.toMinor,
      change.reason,
      change.decisionId,
    ]);
  }
}

/**
 * The exposure counters, inside the caller's transaction (a decide, a referral approved by a person, a
 * limit cut that gives room back): `lock` reads what they hold now (on PostgreSQL creating missing ones
 * and locking them until commit), `add` adds to them, never below zero.
 */
export class ExposureCounters {
  private readonly created = new Set<string>();

  constructor(
    private readonly tx: SqlTx,
    private readonly sql: Pick<SqlConnection, 'dialect' | 'values'>,
  ) {}

  private async create(productId: string, keys: readonly string[], at: Date) {
    const missing = keys.filter((key) => !this.created.has(key));
    if (this.sql.dialect !== 'postgresql' || missing.length === 0) return;
    await this.tx.run(EXPOSURE_SQL.postgresql.create, [productId, at, missing]);
    for (const key of missing) this.created.add(key);
  }

  async lock(productId: string, keys: readonly string[]): Promise<Map<string, number>> {
    if (keys.length === 0) return new Map();
    await this.create(productId, keys, new Date());
    const rows =
      this.sql.dialect === 'sqlite'
        ? await this.tx.rows(EXPOSURE_SQL.sqlite.read, [productId, JSON.stringify(keys)])
        : await this.tx.rows(EXPOSURE_SQL.postgresql.read, [productId, keys]);
    return new Map(rows.map((row) => [String(row.counter_key), this.sql.values.readNumber(row.used)]));
  }

  async add(productId: string, deltas: ReadonlyMap<string, number>, at: Date) {
    if (deltas.size === 0) return;
    if (this.sql.dialect === 'sqlite') {
      const given = [...deltas].filter(([, delta]) => delta < 0);
      if (given.length > 0) {
        const released = JSON.stringify(Object.fromEntries(given));
        await this.tx.run(EXPOSURE_SQL.sqlite.release, [
          released,
          this.sql.values.date(at),
          productId,
          released,
        ]);
      }
      const taken = [...deltas].filter(([, delta]) => delta > 0);
      if (taken.length === 0) return;
      await this.tx.run(EXPOSURE_SQL.sqlite.add, [
        productId,
        this.sql.values.date(at),
        JSON.stringify(Object.fromEntries(taken)),
      ]);
      return;
    }
    await this.create(productId, [...deltas.keys()], at);
    await this.tx.run(EXPOSURE_SQL.postgresql.add, [at, [...deltas.keys()], [...deltas.values()], productId]);
  }
}

export class DecisionStore {
  constructor(readonly sql: SqlConnection) {}

  transaction<T>(work: (tx: DecisionTx) => Promise<T>): Promise<T> {
    return this.sql.transaction((tx) => work(new DecisionTx(tx, this.sql)));
  }
}
