import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const builtServerEntry = join(repoRoot, 'api', 'dist', 'src', 'main.js');

export const DEMO = {
  apiKey: 'spillway-demo-app-key',
  password: 'spillway-demo',
  users: {
    risk: 'risk@spillway.local',
    approver: 'approver@spillway.local',
    qa: 'qa@spillway.local',
    admin: 'admin@spillway.local',
  },
} as const;

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts the compiled server (node on api/dist, not vitest's transform) so that ESM start-up errors
 * that vitest would hide fail the test. Each call gets its own port and data directory.
 */
export async function startBuiltServer(
  options: { env?: Record<string, string>; timeoutMs?: number; dataDir?: string } = {},
) {
  const port = await freePort();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'spillway-e2e-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [builtServerEntry], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      SPILLWAY_DATA_DIR: dataDir,
      DATABASE_URL: '',
      // The 30,000-row seeds would load every test's server; the tests of them turn them on.
      SPILLWAY_DEMO_CASE_SET: 'false',
      SPILLWAY_DEMO_PORTFOLIO: 'false',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let ready = false;
  while (!ready && Date.now() < deadline && child.exitCode === null) {
    ready = await fetch(`${url}/readyz`)
      .then((response) => response.ok)
      .catch(() => false);
    if (!ready) await new Promise((wait) => setTimeout(wait, 200));
  }
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  if (!ready) {
    await stop();
    throw new Error(`built server did not become ready on port ${port}:\n${output}`);
  }
  return { url, port, dataDir, output: () => output, stop } satisfies RunningServer;
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

export async function loginToken(url: string, email: string, password: string = DEMO.password) {
  const result = await graphql<{ login: { token: string } }>(
    url,
    'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
    { email, password },
  );
  if (!result.data) throw new Error(`login failed for ${email}: ${JSON.stringify(result.errors)}`);
  return result.data.login.token;
}

export interface FailedStart {
  code: number | null;
  output: string;
}

/** Runs the built server expecting it to refuse to start; returns its exit code and everything it printed. */
export async function startExpectingFailure(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<FailedStart> {
  const child = spawn(process.execPath, [builtServerEntry], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
  clearTimeout(timer);
  return { code, output };
}
