/**
 * The behaviour scorecard fitted on the Taiwan credit-card portfolio (30,000 real lines with observed
 * defaults): on the held-out 30% of a stratified split fixed by seed it must rank defaults with an AUC of at
 * least 0.77 and, flagging as many lines as the default MONITORING policy does, catch more defaults than
 * that policy and than ranking by the worst delay of the six months. The fitted card must equal the one
 * shipped in src/default-scorecards.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compilePolicy,
  compileScorecard,
  defaultCapture,
  defaultPolicies,
  defaultScorecards,
  discrimination,
  evaluatePolicy,
  fitScorecard,
  type MappedCase,
  type ScorecardFit,
  stratifiedSplit,
  TAIWAN_BEHAVIOUR_FIT,
} from '../src/index.js';
import { AS_OF } from './helpers.js';
import { readTaiwanCases } from './taiwan-cases.js';

/**
 * The MONITORING policy's flag rate and capture on all 30,000 lines before it embedded this card (its rules
 * alone): what the card was fitted to beat. test/taiwan-monitoring.test.ts measures the policy with the card.
 */
const MONITORING_FLAG_RATE = 0.485;
const MONITORING_CAPTURE = 0.74;

const percent = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);

describe('the Taiwan behaviour scorecard', () => {
  let cases: MappedCase[];
  let fit: ScorecardFit;
  let test: Uint32Array;
  let testBad: Uint8Array;

  beforeAll(() => {
    cases = readTaiwanCases();
    const started = performance.now();
    fit = fitScorecard(
      cases.map((mapped) => ({ facts: mapped.facts, bad: mapped.observedDefault === true })),
      TAIWAN_BEHAVIOUR_FIT,
    );
    const seconds = (performance.now() - started) / 1000;
    ({ test } = stratifiedSplit(
      cases.map((mapped) => mapped.observedDefault === true),
      TAIWAN_BEHAVIOUR_FIT.testShare ?? 0.3,
      TAIWAN_BEHAVIOUR_FIT.seed ?? 1,
    ));
    testBad = Uint8Array.from(test, (index) => (cases[index].observedDefault ? 1 : 0));
    const { report } = fit;
    console.log(
      `Taiwan behaviour scorecard: fitted ${cases.length} cases in ${seconds.toFixed(2)} s; held out ${report.split.test.count} (${report.split.test.bads} defaults)`,
    );
    console.log(
      `  held out: AUC ${report.test.auc?.toFixed(4)}, Gini ${report.test.gini?.toFixed(4)}, KS ${report.test.ks?.toFixed(4)}; train AUC ${report.train.auc?.toFixed(4)}; PSI train/test ${report.psi?.toFixed(5)}`,
    );
    console.log('  characteristic            IV     status           coefficient  p-value  points by bin');
    for (const row of report.characteristics) {
      console.log(
        `  ${row.name.padEnd(24)} ${row.iv.toFixed(3)}  ${row.status.padEnd(15)}  ${(row.coefficient?.toFixed(3) ?? '').padStart(11)}  ${(row.pValue?.toFixed(3) ?? '').padStart(7)}  ${row.bins
          .filter((bin) => bin.count > 0 || bin.points !== undefined)
          .map((bin) => `${bin.bin}: ${bin.points ?? '-'}`)
          .join(' | ')}`,
      );
    }
    console.log('  score band        count  defaults  observed  expected  cumulative capture');
    for (const band of report.calibration) {
      console.log(
        `  ${band.band.padEnd(16)} ${String(band.count).padStart(6)}  ${String(band.bads).padStart(8)}  ${percent(band.observedBadRate).padStart(8)}  ${percent(band.expectedBadRate).padStart(8)}  ${percent(band.cumulativeCapture).padStart(8)}`,
      );
    }
  }, 120_000);

  it('maps the behaviour characteristics of the first line as worked out by hand', () => {
    // limit 5,000 CNY; balances 978.25, 775.50, 172.25, 0, 0, 0; payments 0, 172.25, 0, 0, 0, 0; status 2, 2, -1, -1, -2, -2
    expect(cases[0].facts).toMatchObject({
      utilizationAvg6m: (978.25 + 775.5 + 172.25) / 6 / 5000,
      utilizationTrend6m: expect.closeTo((2.5 * 978.25 + 1.5 * 775.5 + 0.5 * 172.25) / 17.5 / 5000, 15),
      monthsRevolving6m: 0,
      monthsPaidInFull6m: 1, // the June statement (172.25) was paid in full in July
      monthsWithoutPayment6m: 1, // nothing was paid on the August statement
      averagePayment3m: 172.25 / 3,
      averagePayment6m: 172.25 / 6,
    });
  });

  it('ranks held-out defaults with an AUC of at least 0.77', () => {
    expect(fit.report.split.test).toEqual({ count: 9000, bads: 1991 });
    expect(fit.report.test.auc).toBeGreaterThanOrEqual(0.77);
    expect(fit.report.test.gini).toBeCloseTo(2 * fit.report.test.auc! - 1, 12);
    expect(fit.report.psi).toBeLessThan(0.01);
  });

  it('keeps only characteristics with the expected sign and a significant coefficient', () => {
    const selected = fit.report.characteristics.filter((row) => row.status === 'selected');
    expect(selected.map((row) => row.name)).toEqual(fit.scorecard.characteristics.map((c) => c.name));
    for (const row of selected) {
      expect(row.coefficient).toBeLessThan(0);
      expect(row.pValue).toBeLessThanOrEqual(0.05);
    }
  });

  it('catches more defaults at a 48.5% flag rate than the monitoring rules and the worst delay', () => {
    const scorecard = compileScorecard(fit.scorecard);
    const risk = Float64Array.from(test, (index) => -scorecard.score(cases[index].facts));
    const worstDelay = Float64Array.from(test, (index) => cases[index].facts.maxDpd12m as number);
    const captured = defaultCapture(risk, testBad, MONITORING_FLAG_RATE)!;
    const byWorstDelay = defaultCapture(worstDelay, testBad, MONITORING_FLAG_RATE)!;
    console.log(
      `  flagging ${percent(MONITORING_FLAG_RATE)} of held-out lines: scorecard catches ${percent(captured)}, worst delay ${percent(byWorstDelay)} (AUC ${discrimination(worstDelay, testBad).auc?.toFixed(4)}), monitoring rules ${percent(MONITORING_CAPTURE)} on all lines`,
    );
    expect(captured).toBeGreaterThan(MONITORING_CAPTURE);
    expect(captured).toBeGreaterThan(byWorstDelay);
    // the report's capture is the same figure, from the card it returns
    expect(fit.report.capture.find((entry) => entry.flagShare === MONITORING_FLAG_RATE)?.capture).toBeCloseTo(
      captured,
      12,
    );
  });

  // The policy flags by this card's bands beside its hard rules: ranked by the card alone, the same share of
  // held-out lines catches at least as many defaults, so the policy's other rules spend no flags in vain.
  it('ranks held-out lines at least as well alone as the default MONITORING policy does with it', async () => {
    const monitoring = compilePolicy(defaultPolicies().MONITORING);
    let flagged = 0;
    let flaggedDefaults = 0;
    for (const index of test) {
      const result = await evaluatePolicy(monitoring, { facts: cases[index].facts, asOf: AS_OF });
      if (result.monitoring!.alerts.length === 0 && result.monitoring!.proposedLimit === null) continue;
      flagged += 1;
      if (cases[index].observedDefault) flaggedDefaults += 1;
    }
    const flagRate = flagged / test.length;
    const policyCapture = flaggedDefaults / testBad.reduce((sum, bad) => sum + bad, 0);
    const scorecard = compileScorecard(fit.scorecard);
    const risk = Float64Array.from(test, (index) => -scorecard.score(cases[index].facts));
    const captured = defaultCapture(risk, testBad, flagRate)!;
    console.log(
      `  held out, the MONITORING policy flags ${percent(flagRate)} and catches ${percent(policyCapture)}; the scorecard alone at that rate catches ${percent(captured)}`,
    );
    expect(captured).toBeGreaterThanOrEqual(policyCapture);
  }, 120_000);

  it('is the card shipped as the default behaviour scorecard', () => {
    // When the math or the mapping changes on purpose, replace the card in src/default-scorecards.ts with
    // the one printed here.
    if (JSON.stringify(fit.scorecard) !== JSON.stringify(defaultScorecards().behaviour)) {
      console.log(JSON.stringify(fit.scorecard));
    }
    expect(fit.scorecard).toEqual(defaultScorecards().behaviour);
  });
});
