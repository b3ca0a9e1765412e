// Spillway benchmarks: `npm run bench` builds every package, then runs this file with plain Node.
// Each section is a function taking the shared context and returning { title, header?, rows, notes } for
// printSection; a row is [label, ...figures] or a plain string (a sub-heading). Sections that must own
// their process (peak memory) run a child of their own.
//
// Sections, in order: throughput, inputs, taiwan, backtest, review, http. `BENCH_SECTIONS=throughput,http` runs a subset.
// Other knobs: BENCH_CASES (throughput cases, 2000), BENCH_REPEATS (timed runs per figure, 7),
// BENCH_BACKTEST_CASES (synthetic backtest size, 1,000,000), BENCH_HTTP_SECONDS (per autocannon run, 10),
// PG_TEST_URL (the PostgreSQL server for the http section's PostgreSQL half).
import { cpus, loadavg } from 'node:os';
import { defaultPolicies } from '@spillway/rules';
import { syntheticBacktest, taiwanBacktest } from './backtests.js';
import { http } from './http.js';
import { inputBounds } from './input-bounds.js';
import { portfolioReview } from './reviews.js';
import { mulberry32, REPEATS } from './support.js';
import { throughput } from './throughput.js';

const SEED = 20261128;
const CASES = Number(process.env.BENCH_CASES ?? 2000);

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

const SECTIONS = {
  throughput,
  inputs: inputBounds,
  taiwan: taiwanBacktest,
  backtest: syntheticBacktest,
  review: portfolioReview,
  http,
};

const cell = (value) => (typeof value === 'number' ? Math.round(value).toLocaleString('en-US') : value);

function printSection({ title, rows, notes, header = ['', 'cases/s (median)', 'min', 'max'] }) {
  const cells = rows.filter((row) => typeof row !== 'string').map((row) => row.map(cell));
  const widths = header.map((_, column) =>
    Math.max(...[header, ...cells].map((row) => String(row[column]).length)),
  );
  const line = (row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[column])))
      .join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  for (const row of rows) console.log(typeof row === 'string' ? row : line(row.map(cell)));
  for (const note of notes) console.log(`  ${note}`);
}

async function main() {
  const names = process.env.BENCH_SECTIONS?.split(',').map((name) => name.trim()) ?? Object.keys(SECTIONS);
  const unknown = names.filter((name) => !Object.hasOwn(SECTIONS, name));
  if (unknown.length > 0) {
    throw new Error(`BENCH_SECTIONS: no section ${unknown.join(', ')} (${Object.keys(SECTIONS).join(', ')})`);
  }
  const context = { cases: generateCases(CASES, SEED), policies: defaultPolicies(), seed: SEED };
  console.log(
    `Spillway bench: node ${process.version}, ${CASES} cases, ${REPEATS} timed runs per measurement, ` +
      `sections ${names.join(', ')}; ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)} at start`,
  );
  for (const name of names) {
    const started = performance.now();
    const section = await SECTIONS[name](context);
    printSection(section);
    console.log(`  (section ${name} took ${Math.round((performance.now() - started) / 1000)} s)`);
  }
}

await main();
