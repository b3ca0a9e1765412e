/**
 * The default MONITORING policy over the Taiwan credit-card portfolio (30,000 real lines with observed
 * defaults), mapped by api/seed/taiwan-credit-default.mapping.json: the flagged lines must default clearly
 * more often than the portfolio. Also runs the default ADMISSION -> LIMIT -> PRICING pipeline over the same
 * cases, as the independent figure the API's backtest is compared with.
 * Data: I-C. Yeh and C-H. Lien (2009), UCI Machine Learning Repository dataset 350, CC BY 4.0.
 */
// biome-ignore lint/style/noRestrictedImports: a test may read the data set from disk; the sources stay pure
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import mappingDocument from '../../api/seed/taiwan-credit-default.mapping.json' with { type: 'json' };
import {
  compileMapping,
  compilePolicy,
  defaultPolicies,
  evaluatePipeline,
  evaluatePolicy,
  type MappedCase,
  mapRow,
} from '../src/index.js';
import { AS_OF } from './helpers.js';

/** The data set as the api package ships it (api/seed/taiwan-credit-default/README.md). */
const CSV = new URL('../../api/seed/taiwan-credit-default/cases.csv.gz', import.meta.url);
const PORTFOLIO_DEFAULT_RATE = 0.2212;

function readCases(): MappedCase[] {
  const [headerLine, ...lines] = gunzipSync(readFileSync(CSV)).toString('utf8').trim().split(/\r?\n/);
  const header = headerLine.split(',');
  const mapping = compileMapping(mappingDocument, header);
  return lines.map((line, index) => {
    const cells = line.split(',');
    const result = mapRow(
      mapping,
      Object.fromEntries(header.map((column, i) => [column, cells[i]])),
      index + 2,
    );
    if ('errors' in result) throw new Error(JSON.stringify(result.errors));
    return result;
  });
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

describe('Taiwan credit-card portfolio', () => {
  const cases = readCases();

  it('maps all 30,000 rows with their observed outcomes', () => {
    expect(cases).toHaveLength(30_000);
    const defaults = cases.filter((mapped) => mapped.observedDefault).length;
    expect(defaults).toBe(6636);
    expect(defaults / cases.length).toBeCloseTo(PORTFOLIO_DEFAULT_RATE, 4);
  });

  it('flags lines that default clearly more often than the portfolio', async () => {
    const monitoring = compilePolicy(defaultPolicies().MONITORING);
    let flagged = 0;
    let flaggedDefaults = 0;
    const byRule = new Map<string, { lines: number; defaults: number }>();
    for (const mapped of cases) {
      const result = await evaluatePolicy(monitoring, { facts: mapped.facts, asOf: AS_OF });
      expect(result.trace.factProblems).toEqual([]);
      const alerts = result.monitoring!.alerts;
      if (alerts.length === 0 && result.monitoring!.proposedLimit === null) continue;
      flagged += 1;
      if (mapped.observedDefault) flaggedDefaults += 1;
      for (const reason of new Set(result.reasons.map((r) => r.code))) {
        const entry = byRule.get(reason) ?? { lines: 0, defaults: 0 };
        entry.lines += 1;
        if (mapped.observedDefault) entry.defaults += 1;
        byRule.set(reason, entry);
      }
    }
    const defaults = cases.filter((mapped) => mapped.observedDefault).length;
    const flaggedShare = flagged / cases.length;
    const flaggedDefaultRate = flaggedDefaults / flagged;
    const lift = flaggedDefaultRate / (defaults / cases.length);
    const caught = flaggedDefaults / defaults;
    console.log(
      `Taiwan monitoring: flagged ${percent(flaggedShare)} of lines, default rate among flagged ${percent(
        flaggedDefaultRate,
      )} vs ${percent(defaults / cases.length)} overall, lift ${lift.toFixed(2)}, defaults caught ${percent(caught)}`,
    );
    for (const [reason, { lines, defaults: bad }] of [...byRule].sort()) {
      console.log(`  ${reason}: ${lines} lines, default rate ${percent(bad / lines)}`);
    }
    expect(lift).toBeGreaterThanOrEqual(1.5);
    expect(caught).toBeGreaterThanOrEqual(0.5);
  }, 120_000);

  it('gives the default pipeline figures the API backtest is compared with', async () => {
    const { ADMISSION, LIMIT, PRICING } = defaultPolicies();
    const policies = {
      ADMISSION: compilePolicy(ADMISSION),
      LIMIT: compilePolicy(LIMIT),
      PRICING: compilePolicy(PRICING),
    };
    let approved = 0;
    let approvedDefaults = 0;
    const outcomes = { APPROVE: 0, DECLINE: 0, REFER: 0 };
    for (const mapped of cases) {
      const result = await evaluatePipeline({
        policies,
        facts: { ...mapped.facts, ...mapped.application },
        asOf: AS_OF,
      });
      outcomes[result.outcome] += 1;
      if (result.outcome !== 'APPROVE') continue;
      approved += 1;
      if (mapped.observedDefault) approvedDefaults += 1;
    }
    const approvalRate = approved / cases.length;
    const badRate = approvedDefaults / approved;
    console.log(
      `Taiwan pipeline: ${JSON.stringify(outcomes)}, approval rate ${percent(approvalRate)}, bad rate among approved ${percent(badRate)}`,
    );
    expect(badRate).toBeLessThan(PORTFOLIO_DEFAULT_RATE);
  }, 120_000);
});
