import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { packagePath } from './paths.js';
import { StartupError } from './startup-error.js';

export type Dialect = 'sqlite' | 'postgresql';

export interface DatabaseConfig {
  dialect: Dialect;
  /** For SQLite the file path; for PostgreSQL the connection URL. */
  url: string;
}

export interface Config {
  port: number;
  host: string;
  nodeEnv: string;
  production: boolean;
  demo: boolean;
  dataDir: string;
  database: DatabaseConfig;
  logLevel: string;
  /** Signs session tokens and keys the PII hashes; must be shared by every replica. */
  secret: string;
  jwtTtlSeconds: number;
  /** Requests a minute per API key, user, or IP address of anonymous callers. */
  rateLimitPerMinute?: number;
  /** Login attempts a minute per email and IP address, against password guessing. */
  loginAttemptsPerMinute?: number;
  maxQueryDepth?: number;
  maxQueryCost?: number;
  /** Demo mode decides this many historical cases on first start, so the console has data; unset = none. */
  demoDecisions?: number;
  /** The Taiwan credit-default cases the demo seed reads (plain or gzipped CSV); unset = DEFAULT_TAIWAN_CSV. */
  taiwanCsv?: string;
  /** Besides the data directory, where importCaseSet may read server files from. */
  importDir?: string;
  /** Demo mode imports the Taiwan case set in the background after the first start. */
  demoCaseSet?: boolean;
  /** Demo mode turns the Taiwan data into 30,000 credit lines in the background after the first start. */
  demoPortfolio?: boolean;
  /** Limit cuts up to this much (fen) apply automatically; larger ones wait for an APPROVER. */
  autoCutMaxMinor?: number;
  notifications?: NotificationConfig;
  /** With it, backtest chunks go through a BullMQ queue that `npm run worker` processes share. */
  redisUrl?: string;
  /** Key prefix of the queue in Redis, so several deployments can share one Redis. */
  queuePrefix?: string;
  /** Whether this process runs backtest chunks itself, beside serving the API. */
  runJobs?: boolean;
  /** Worker threads running backtest chunks beside the main thread. */
  jobThreads?: number;
  /** A backtest chunk claimed this long ago and not committed is presumed lost with its worker. */
  jobLeaseSeconds?: number;
}

export interface NotificationConfig {
  transport: 'file' | 'webhook';
  /** For the webhook transport: where each notification is POSTed. */
  webhookUrl?: string;
  /** Attempts before a notification is marked FAILED. */
  maxAttempts: number;
  /** The first retry waits this long; each next one twice as long, up to an hour. */
  backoffMs: number;
}

export const DEFAULT_AUTO_CUT_MAX_MINOR = 500_000;

export const DEFAULT_NOTIFICATIONS: NotificationConfig = {
  transport: 'file',
  maxAttempts: 5,
  backoffMs: 2000,
};

export type RequestLimits = Required<
  Pick<Config, 'rateLimitPerMinute' | 'loginAttemptsPerMinute' | 'maxQueryDepth' | 'maxQueryCost'>
>;

/**
 * The cost budget fits a full page (100) of decisions with every field (about 17,000) three times over,
 * so nested connections (pages of pages) are what it refuses; the depth fits the console's
 * deepest query with room to spare. Introspection is exempt from both.
 */
export const DEFAULT_LIMITS: RequestLimits = {
  rateLimitPerMinute: 600,
  loginAttemptsPerMinute: 10,
  maxQueryDepth: 12,
  maxQueryCost: 50_000,
};

export const DEFAULT_JOB_LEASE_SECONDS = 60;

/** Shipped in the api package, so a clone anywhere (and any working directory) has the demo's data. */
export const DEFAULT_TAIWAN_CSV = packagePath('seed', 'taiwan-credit-default', 'cases.csv.gz');

export const requestLimits = (config: Config): RequestLimits => ({
  rateLimitPerMinute: config.rateLimitPerMinute ?? DEFAULT_LIMITS.rateLimitPerMinute,
  loginAttemptsPerMinute: config.loginAttemptsPerMinute ?? DEFAULT_LIMITS.loginAttemptsPerMinute,
  maxQueryDepth: config.maxQueryDepth ?? DEFAULT_LIMITS.maxQueryDepth,
  maxQueryCost: config.maxQueryCost ?? DEFAULT_LIMITS.maxQueryCost,
});

/**
 * Not the data directory itself: it holds the database and the secret, and row errors quote cells back.
 */
export const importDirs = (config: Config): string[] => [
  join(config.dataDir, 'imports'),
  ...(config.importDir ? [config.importDir] : []),
];

/**
 * Names a database without its credentials: the SQLite file, or PostgreSQL's host, port and database. Audit
 * checkpoints carry it, so a data directory used with two databases in turn keeps them apart.
 */
export function databaseIdentity(database: DatabaseConfig): string {
  if (database.dialect === 'sqlite') return `sqlite:${database.url}`;
  const url = new URL(database.url);
  return `postgresql://${url.hostname || url.searchParams.get('host')}:${url.port || 5432}${url.pathname}`;
}

export type Env = Record<string, string | undefined>;

const DEFAULT_PORT = 4000;

export function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new StartupError('CONFIG_INVALID', `PORT "${raw}" is not a port number`, 'set PORT to 0-65535');
  }
  return port;
}

export function parseDatabaseUrl(raw: string | undefined, dataDir: string): DatabaseConfig {
  if (raw === undefined || raw.trim() === '') {
    return { dialect: 'sqlite', url: join(dataDir, 'spillway.sqlite') };
  }
  const value = raw.trim();
  const sqlite = /^(?:sqlite|file):(.+)$/.exec(value);
  if (sqlite) {
    const path = sqlite[1].replace(/^\/\/(?=\/)/, '');
    return { dialect: 'sqlite', url: isAbsolute(path) ? path : resolve(path) };
  }
  if (/^postgres(?:ql)?:\/\//.test(value)) {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw malformedDatabaseUrl();
    }
    if (!parsed.hostname && !parsed.searchParams.get('host')) throw malformedDatabaseUrl();
    if (parsed.pathname.replace(/^\//, '') === '') {
      throw new StartupError(
        'DATABASE_URL_INVALID',
        'DATABASE_URL names no database',
        'append the database name, e.g. postgres://user@127.0.0.1:5432/spillway',
      );
    }
    return { dialect: 'postgresql', url: value };
  }
  throw malformedDatabaseUrl();
}

function malformedDatabaseUrl() {
  return new StartupError(
    'DATABASE_URL_INVALID',
    'DATABASE_URL is not a database URL Spillway understands',
    'use postgres://user:password@host:5432/database, sqlite:./path/to/file.sqlite, or unset it for the embedded database',
  );
}

function ensureWritableDir(dir: string) {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch {
    throw new StartupError(
      'DATA_DIR_NOT_WRITABLE',
      `the data directory ${dir} cannot be created or written`,
      'make it writable for this user or point SPILLWAY_DATA_DIR at a writable directory',
    );
  }
}

/**
 * Outside production a missing SPILLWAY_SECRET is generated once and kept in the data directory, so
 * sessions survive restarts of the demo; production must be given one explicitly.
 */
function resolveSecret(env: Env, production: boolean, dataDir: string): string {
  const given = env.SPILLWAY_SECRET;
  if (given) {
    if (given.length < 32) {
      throw new StartupError(
        'CONFIG_INVALID',
        'SPILLWAY_SECRET is shorter than 32 characters',
        'generate one with `openssl rand -hex 32`',
      );
    }
    return given;
  }
  if (production) {
    throw new StartupError(
      'CONFIG_INVALID',
      'SPILLWAY_SECRET is not set in production',
      'set SPILLWAY_SECRET to a random value of at least 32 characters shared by every replica',
    );
  }
  const file = join(dataDir, '.secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value <= 0) {
    throw new StartupError(
      'CONFIG_INVALID',
      `${name} "${raw}" is not a positive integer`,
      `e.g. ${fallback}`,
    );
  }
  return value;
}

/** A decimal amount (CNY, two decimals at most), in fen. */
function moneySetting(env: Env, name: string, fallbackMinor: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallbackMinor;
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(raw.trim());
  if (!match) {
    throw new StartupError('CONFIG_INVALID', `${name} "${raw}" is not an amount`, 'e.g. 5000.00');
  }
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

function notificationSettings(env: Env): NotificationConfig {
  const transport = env.SPILLWAY_NOTIFY_TRANSPORT || DEFAULT_NOTIFICATIONS.transport;
  if (transport !== 'file' && transport !== 'webhook') {
    throw new StartupError(
      'CONFIG_INVALID',
      `SPILLWAY_NOTIFY_TRANSPORT "${transport}" is not file or webhook`,
      'unset it (file) or set webhook with SPILLWAY_NOTIFY_WEBHOOK_URL',
    );
  }
  const webhookUrl = env.SPILLWAY_NOTIFY_WEBHOOK_URL || undefined;
  if (transport === 'webhook') {
    let valid = false;
    try {
      valid = ['http:', 'https:'].includes(new URL(webhookUrl ?? '').protocol);
    } catch {
      valid = false;
    }
    if (!valid) {
      throw new StartupError(
        'CONFIG_INVALID',
        `SPILLWAY_NOTIFY_WEBHOOK_URL "${webhookUrl ?? ''}" is not an http(s) URL`,
        'set it to the endpoint that delivers SMS and email, e.g. https://notify.example.com/send',
      );
    }
  }
  return {
    transport,
    webhookUrl,
    maxAttempts: positiveInteger(env, 'SPILLWAY_NOTIFY_MAX_ATTEMPTS', DEFAULT_NOTIFICATIONS.maxAttempts),
    backoffMs: positiveInteger(env, 'SPILLWAY_NOTIFY_BACKOFF_MS', DEFAULT_NOTIFICATIONS.backoffMs),
  };
}

function wholeNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    throw new StartupError('CONFIG_INVALID', `${name} "${raw}" is not a whole number`, `e.g. ${fallback}`);
  }
  return Number(raw);
}

function redisUrlSetting(env: Env): string | undefined {
  const raw = env.REDIS_URL;
  if (!raw) return undefined;
  let protocol = '';
  try {
    protocol = new URL(raw).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new StartupError(
      'CONFIG_INVALID',
      `REDIS_URL "${raw}" is not a redis:// URL`,
      'e.g. redis://127.0.0.1:6379',
    );
  }
  return raw;
}

function booleanSetting(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') {
    throw new StartupError(
      'CONFIG_INVALID',
      `${name} "${raw}" is not true or false`,
      'unset it or use true/false',
    );
  }
  return raw === 'true';
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV || 'development';
  const production = nodeEnv === 'production';
  const dataDir = resolve(env.SPILLWAY_DATA_DIR || 'data');
  const port = parsePort(env.PORT);
  const database = parseDatabaseUrl(env.DATABASE_URL, dataDir);
  const demo = booleanSetting(env, 'SPILLWAY_DEMO', !production);
  if (production && demo) {
    throw new StartupError(
      'DEMO_IN_PRODUCTION',
      'demo mode cannot run with NODE_ENV=production',
      'unset SPILLWAY_DEMO',
    );
  }
  ensureWritableDir(dataDir);
  const ttl = env.SPILLWAY_TOKEN_TTL_SECONDS ? Number(env.SPILLWAY_TOKEN_TTL_SECONDS) : 8 * 3600;
  if (!Number.isInteger(ttl) || ttl <= 0) {
    throw new StartupError(
      'CONFIG_INVALID',
      'SPILLWAY_TOKEN_TTL_SECONDS is not a positive integer',
      'e.g. 28800',
    );
  }
  const demoDecisions = env.SPILLWAY_DEMO_DECISIONS ? Number(env.SPILLWAY_DEMO_DECISIONS) : 100;
  if (!Number.isInteger(demoDecisions) || demoDecisions < 0 || demoDecisions > 30_000) {
    throw new StartupError(
      'CONFIG_INVALID',
      'SPILLWAY_DEMO_DECISIONS is not a whole number from 0 to 30000',
      'e.g. 100, or 0 for none',
    );
  }
  return {
    port,
    host: env.HOST || '0.0.0.0',
    nodeEnv,
    production,
    demo,
    dataDir,
    database,
    logLevel: env.LOG_LEVEL || 'info',
    secret: resolveSecret(env, production, dataDir),
    jwtTtlSeconds: ttl,
    demoDecisions,
    taiwanCsv: env.SPILLWAY_TAIWAN_CSV ? resolve(env.SPILLWAY_TAIWAN_CSV) : DEFAULT_TAIWAN_CSV,
    importDir: env.SPILLWAY_IMPORT_DIR ? resolve(env.SPILLWAY_IMPORT_DIR) : undefined,
    rateLimitPerMinute: positiveInteger(
      env,
      'SPILLWAY_RATE_LIMIT_PER_MINUTE',
      DEFAULT_LIMITS.rateLimitPerMinute,
    ),
    loginAttemptsPerMinute: positiveInteger(
      env,
      'SPILLWAY_LOGIN_ATTEMPTS_PER_MINUTE',
      DEFAULT_LIMITS.loginAttemptsPerMinute,
    ),
    maxQueryDepth: positiveInteger(env, 'SPILLWAY_MAX_QUERY_DEPTH', DEFAULT_LIMITS.maxQueryDepth),
    maxQueryCost: positiveInteger(env, 'SPILLWAY_MAX_QUERY_COST', DEFAULT_LIMITS.maxQueryCost),
    demoCaseSet: booleanSetting(env, 'SPILLWAY_DEMO_CASE_SET', true),
    demoPortfolio: booleanSetting(env, 'SPILLWAY_DEMO_PORTFOLIO', true),
    autoCutMaxMinor: moneySetting(env, 'SPILLWAY_AUTO_CUT_MAX', DEFAULT_AUTO_CUT_MAX_MINOR),
    notifications: notificationSettings(env),
    redisUrl: redisUrlSetting(env),
    queuePrefix: env.SPILLWAY_QUEUE_PREFIX || 'spillway',
    runJobs: booleanSetting(env, 'SPILLWAY_RUN_JOBS', true),
    jobThreads: wholeNumber(env, 'SPILLWAY_JOB_THREADS', Math.max(0, availableParallelism() - 1)),
    jobLeaseSeconds: positiveInteger(env, 'SPILLWAY_JOB_LEASE_SECONDS', DEFAULT_JOB_LEASE_SECONDS),
  };
}
