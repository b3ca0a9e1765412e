// Spillway benchmarks: `npm run bench` builds every package, then runs this file with plain Node.
// Each section is a function taking the shared context and returning rows for the report, so later
// issues can add sections (a 1M-case backtest, HTTP decisions) without touching the others.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { compilePolicy, defaultPolicies, evaluatePipeline } from '@spillway/rules';
import { Engine } from 'json-rules-engine';

const SEED = 20261128;
const CASES = Number(process.env.BENCH_CASES ?? 2000);
const REPEATS = Math.max(5, Number(process.env.BENCH_REPEATS ?? 7));
const AS_OF = '2026-11-28T00:00:00Z';

/** mulberry32: a tiny seeded PRNG, so every run benchmarks exactly the same cases. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateCases(count, seed) {
  const random = mulberry32(seed);
  const int = (min, max) => min + Math.floor(random() * (max - min + 1));
  const pick = (values) => values[int(0, values.length - 1)];
  // a mix close to a real funnel: mostly approvable, with declines and referrals on every rule
  return Array.from({ length: count }, () => ({
    requestedAmount: int(2, 120) * 500,
    termMonths: pick([3, 6, 12, 12, 24, 36]),
    age: int(19, 68),
    monthlyIncome: int(3, 40) * 1000,
    employmentMonths: int(3, 240),
    region: pick(['CN-11', 'CN-31', 'CN-44', 'CN-51']),
    monthlyDebtService: int(0, 12) * 250,
    bureauScore: int(540, 850),
    multiLenderCount: pick([0, 0, 1, 1, 2, 3, 4, 5, 7]),
    inquiries3m: pick([0, 0, 1, 1, 2, 3, 4, 6]),
    maxDpd12m: pick([0, 0, 0, 0, 0, 0, 5, 15, 30, 95]),
    existingLimit: pick([0, 0, 0, 5000, 20000]),
  }));
}

async function timeRuns(label, cases, runOne) {
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

/** Section: the full default pipeline vs json-rules-engine alone on the ADMISSION rules, same cases. */
async function throughput({ cases, policies }) {
  const pipeline = await timeRuns('default pipeline, documents', cases, (facts) =>
    evaluatePipeline({ policies, facts, asOf: AS_OF }),
  );
  // what the API does: compile once per revision, then decide with the compiled policies
  const compiled = {
    ADMISSION: compilePolicy(policies.ADMISSION),
    LIMIT: compilePolicy(policies.LIMIT),
    PRICING: compilePolicy(policies.PRICING),
  };
  const pipelineCompiled = await timeRuns('default pipeline, compiled policies', cases, (facts) =>
    evaluatePipeline({ policies: compiled, facts, asOf: AS_OF }),
  );

  // the engine alone gets the same facts, derived ones included, computed outside the timed loop
  const admission = compilePolicy(policies.ADMISSION);
  const definitions = admission.rules.map((rule) => rule.definition);
  const prepared = [];
  for (const facts of cases) {
    const result = await evaluatePipeline({
      policies: { ADMISSION: policies.ADMISSION },
      facts,
      asOf: AS_OF,
    });
    prepared.push(result.facts);
  }
  const engineOnly = await timeRuns('json-rules-engine alone (ADMISSION rules)', prepared, async (facts) => {
    const engine = new Engine(definitions, { allowUndefinedFacts: true });
    await engine.run(facts);
  });

  const outcomes = { APPROVE: 0, DECLINE: 0, REFER: 0 };
  for (const facts of cases)
    outcomes[(await evaluatePipeline({ policies: compiled, facts, asOf: AS_OF })).outcome]++;
  return {
    title: `Throughput: ${cases.length} cases, median of ${REPEATS} runs (seed ${SEED})`,
    rows: [pipeline, pipelineCompiled, engineOnly].map((row) => [row.label, row.median, row.min, row.max]),
    notes: [
      `ratio to json-rules-engine alone: documents ${(pipeline.median / engineOnly.median).toFixed(2)}, ` +
        `compiled ${(pipelineCompiled.median / engineOnly.median).toFixed(2)}`,
      `outcomes: ${Object.entries(outcomes)
        .map(([outcome, count]) => `${outcome} ${count}`)
        .join(', ')}`,
    ],
  };
}

/** Section: the Taiwan case set through the API's backtest job on SQLite, in a child process of its own. */
async function taiwanBacktest() {
  const child = fileURLToPath(new URL('./backtest-taiwan.js', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [child], { maxBuffer: 1 << 20 });
  const run = JSON.parse(stdout.trim().split('\n').at(-1));
  const mb = (value) => `${Math.round(value)} MB`;
  return {
    title: `Backtest: the Taiwan case set (${run.cases.toLocaleString('en-US')} cases), one run on SQLite`,
    header: ['', 'cases/s'],
    rows: [
      ['backtest job, baseline and candidate decided, results stored', run.backtestCasesPerSecond],
      ['the same decisions in memory (no job, no storage)', run.inMemoryCasesPerSecond],
      ['case set import (rows/s)', run.importRowsPerSecond],
    ],
    notes: [
      `job / in memory: ${(run.backtestCasesPerSecond / run.inMemoryCasesPerSecond).toFixed(2)}; ` +
        `the job took ${run.backtestSeconds.toFixed(1)} s`,
      `peak RSS during the job ${mb(run.peakRssMb)} (${mb(run.rssBeforeMb)} when it started); ` +
        `process peak ${mb(run.maxRssMb)}, reached by the in-memory baseline holding all cases`,
      `candidate refers scores below 740: swap-outs ${run.swapOut}, approval ` +
        `${(run.approval[0] * 100).toFixed(1)}% -> ${(run.approval[1] * 100).toFixed(1)}%`,
    ],
  };
}

const SECTIONS = [throughput, taiwanBacktest];

function printSection({ title, rows, notes, header = ['', 'cases/s (median)', 'min', 'max'] }) {
  const cells = rows.map(([label, ...numbers]) => [
    label,
    ...numbers.map((n) => Math.round(n).toLocaleString('en-US')),
  ]);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...cells].map((row) => String(row[column]).length)),
  );
  const line = (row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[column])))
      .join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  for (const row of cells) console.log(line(row));
  for (const note of notes) console.log(`  ${note}`);
}

async function main() {
  const context = { cases: generateCases(CASES, SEED), policies: defaultPolicies() };
  console.log(
    `Spillway bench: node ${process.version}, ${CASES} cases, ${REPEATS} timed runs per measurement`,
  );
  for (const section of SECTIONS) printSection(await section(context));
}

await main();
