// Helpers the bench sections share: a seeded PRNG, timing, verdicts against targets, child processes and
// CPU profile summaries. Plain Node, no build step.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const AS_OF = '2026-11-28T00:00:00Z';
export const REPEATS = Math.max(5, Number(process.env.BENCH_REPEATS ?? 7));

const APPLICANT = JSON.parse(readFileSync(new URL('./applicant.json', import.meta.url), 'utf8'));

/** A DecideInput for the applicant of applicant.json, as a new borrower under a new idempotency key. */
export function applicantInput(key) {
  const { borrower, application, facts } = APPLICANT;
  return { idempotencyKey: key, borrower: { ...borrower, externalRef: `BENCH-${key}` }, application, facts };
}

/** mulberry32: a tiny seeded PRNG, so every run benchmarks exactly the same cases. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cases per second over `cases`, REPEATS times after one untimed warm-up run: median, min, max. */
export async function timeRuns(label, cases, runOne) {
  const rates = [];
  for (let repeat = 0; repeat <= REPEATS; repeat++) {
    const started = process.hrtime.bigint();
    for (const facts of cases) await runOne(facts);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // the first run warms the JIT and the compile cache and is not counted
    if (repeat > 0) rates.push(cases.length / seconds);
  }
  rates.sort((a, b) => a - b);
  return { label, median: rates[Math.floor(rates.length / 2)], min: rates[0], max: rates[rates.length - 1] };
}

export const fixed = (value, digits = 1) => value.toFixed(digits);
export const mb = (bytes) => `${Math.round(bytes / 2 ** 20)} MB`;

/**
 * A target verdict for the notes: `actual` against `goal`, where a higher actual is better unless
 * `lowerIsBetter`. The margin is the factor between them (met by 1.8x, missed by 3.2x).
 */
export function verdict(what, actual, goal, { unit = 'x', lowerIsBetter = false, digits = 1 } = {}) {
  const met = lowerIsBetter ? actual <= goal : actual >= goal;
  const factor = lowerIsBetter ? goal / actual : actual / goal;
  const margin = met ? `met by ${fixed(factor, 2)}x` : `MISSED by ${fixed(1 / factor, 2)}x`;
  const comparison = lowerIsBetter ? '<=' : '>=';
  return `target ${what} ${comparison} ${goal}${unit}: ${fixed(actual, digits)}${unit}, ${margin}`;
}

/** Runs a bench child with plain Node and returns the JSON object its last line of output holds. */
export async function runJsonChild(script, { args = [], nodeArgs = [], env = {} } = {}) {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [...nodeArgs, path, ...args], {
    maxBuffer: 16 << 20,
    env: { ...process.env, ...env },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

/**
 * Samples the process's RSS every 50 ms from a worker thread, so the samples keep coming while the main
 * thread's event loop is busy (a backtest drain on SQLite runs for seconds without yielding to timers).
 * `peak` is the highest RSS since the last `reset`; the sampler's own thread is part of what it measures.
 */
export function rssSampler() {
  // RSS in KiB at [0] (Int32 holds up to 2 TiB), a stop flag at [1]
  const shared = new Int32Array(new SharedArrayBuffer(8));
  const now = () => Math.round(process.memoryUsage.rss() / 1024);
  Atomics.store(shared, 0, now());
  const sampler = new Worker(
    `const shared = new Int32Array(require('node:worker_threads').workerData);
    const timer = setInterval(() => {
      if (Atomics.load(shared, 1) === 1) return clearInterval(timer);
      const rss = Math.round(process.memoryUsage.rss() / 1024);
      if (rss > Atomics.load(shared, 0)) Atomics.store(shared, 0, rss);
    }, 50);`,
    { eval: true, workerData: shared.buffer },
  );
  sampler.unref();
  return {
    reset() {
      Atomics.store(shared, 0, now());
      return Atomics.load(shared, 0) * 1024;
    },
    get peak() {
      return Math.max(Atomics.load(shared, 0), now()) * 1024;
    },
    async stop() {
      Atomics.store(shared, 1, 1);
      await sampler.terminate();
    },
  };
}

/** V8's CPU profile (what `node --cpu-prof` writes) of `work`, taken in this process. */
export async function profileOf(work) {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    await work();
    const { profile } = await session.post('Profiler.stop');
    return profile;
  } finally {
    session.disconnect();
  }
}

function shortUrl(url) {
  const path = url.replace(/^file:\/\//, '');
  const short = path.startsWith(REPO_ROOT) ? path.slice(REPO_ROOT.length + 1) : path;
  return short.replace(/^(?:.*\/)?node_modules\//, '');
}

/**
 * Where a CPU profile spent its time: self time per function and time with callees (each function once
 * per sample), as shares of the busy samples; idle time (waiting on I/O) is reported apart. Functions V8
 * inlined count as their caller, and a stack starts again after each `await`, as in any V8 profile.
 * `lastSeconds` keeps only the samples of the profile's last seconds (a server's load, not its start-up).
 */
export function summarizeProfile(profile, { lastSeconds = Number.POSITIVE_INFINITY } = {}) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map();
  const total = new Map();
  let busy = 0;
  let idle = 0;
  const from = profile.endTime - lastSeconds * 1e6;
  let at = profile.startTime;
  for (const [index, id] of profile.samples.entries()) {
    at += profile.timeDeltas[index];
    if (at < from) continue;
    const { callFrame } = byId.get(id);
    if (callFrame.functionName === '(idle)') {
      idle++;
      continue;
    }
    busy++;
    const label = callFrame.url
      ? `${callFrame.functionName || '(anonymous)'} ${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}`
      : callFrame.functionName || '(native)';
    self.set(label, (self.get(label) ?? 0) + 1);
    const seen = new Set();
    for (let node = id; node !== undefined; node = parent.get(node)) {
      const frame = byId.get(node).callFrame;
      const key = `${frame.functionName}\t${shortUrl(frame.url)}`;
      if (!frame.functionName || seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + 1);
    }
  }
  const share = (count) => (busy === 0 ? 0 : count / busy);
  return {
    seconds: Math.min(lastSeconds, (profile.endTime - profile.startTime) / 1e6),
    idleShare: idle / Math.max(1, busy + idle),
    topSelf: (count) =>
      [...self.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, count)
        .map(([label, n]) => ({ label, share: share(n) })),
    /** The share of busy time spent in (or under) functions of this name in files whose path has `file`. */
    inclusive(name, file = '') {
      let count = 0;
      for (const [key, n] of total) {
        const [functionName, url] = key.split('\t');
        if (functionName === name && url.includes(file)) count += n;
      }
      return share(count);
    },
    /** Self time of native functions of these names (they have no file). */
    selfNative: (...names) => share(names.reduce((sum, name) => sum + (self.get(name) ?? 0), 0)),
    /** Self time of the functions whose label (`name file:line`) has any of these parts, each counted once. */
    selfIn(...parts) {
      let count = 0;
      for (const [label, n] of self) if (parts.some((part) => label.includes(part))) count += n;
      return share(count);
    },
  };
}

export const percent = (share) => `${fixed(share * 100)}%`;

/** One note line per top self-time function: `41.2% name file:line`. */
export function profileNotes(summary, count = 6) {
  return summary.topSelf(count).map(({ label, share }) => `    ${percent(share)} ${label}`);
}
