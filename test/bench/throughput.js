// Section: evaluation throughput of the compiled evaluator against its peers, json-rules-engine (fresh and
// reused Engine) and @gorules/zen-engine (the ADMISSION stage as a decision table).
import { ZenEngine } from '@gorules/zen-engine';
import { compilePolicy, evaluatePipeline, evaluatePolicy } from '@spillway/rules';
import { Engine } from 'json-rules-engine';
import { runCompiledRules } from '../../rules/dist/rule-runner.js';
import {
  AS_OF,
  fixed,
  percent,
  profileNotes,
  profileOf,
  REPEATS,
  summarizeProfile,
  timeRuns,
  verdict,
} from './support.js';
import { admissionDecisionTable } from './zen-admission.js';

const STAGES = ['ADMISSION', 'LIMIT', 'PRICING'];
/** zen evaluates on its own threads: this many evaluations in flight shows what it does unhindered. */
const ZEN_IN_FLIGHT = 32;
/** Targets of issues 08 and 16: compiled vs json-rules-engine's reused Engine, and vs zen-engine. */
const TARGET_VS_ENGINE = 50;
const TARGET_VS_ZEN = 5;

/** Splits cases into batches; `timeRuns` then counts batches, so its rates are scaled back to cases. */
async function timeBatches(label, cases, size, runBatch) {
  const batches = [];
  for (let at = 0; at < cases.length; at += size) batches.push(cases.slice(at, at + size));
  const timed = await timeRuns(label, batches, runBatch);
  const scale = cases.length / batches.length;
  return { label, median: timed.median * scale, min: timed.min * scale, max: timed.max * scale };
}

/**
 * What each case runs through the rule engines: the stages the compiled pipeline ran for it, with the
 * facts it saw (derived ones and the approvedLimit PRICING reads included), computed before any timing.
 */
async function prepare(cases, compiled) {
  const pipeline = [];
  const admission = [];
  const outcomes = { APPROVE: 0, DECLINE: 0, REFER: 0 };
  for (const facts of cases) {
    const result = await evaluatePipeline({ policies: compiled, facts, asOf: AS_OF });
    outcomes[result.outcome]++;
    const stages = result.trace.stages.map((stage) => stage.kind);
    pipeline.push({ facts: { ...result.facts }, stages });
    const alone = await evaluatePolicy(compiled.ADMISSION, { facts, asOf: AS_OF });
    admission.push({ facts: alone.facts, outcome: alone.outcome, reason: alone.reasons[0]?.code ?? '' });
  }
  return { pipeline, admission, outcomes };
}

/** zen's answer must be the compiled evaluator's on every case before its speed means anything. */
async function zenMismatches(decision, admission) {
  const mismatches = [];
  for (const [index, item] of admission.entries()) {
    const { result } = await decision.evaluate(item.facts);
    if (result.outcome !== item.outcome || result.reason !== item.reason) {
      mismatches.push(
        `case ${index}: zen ${result.outcome}/${result.reason}, compiled ${item.outcome}/${item.reason}`,
      );
    }
  }
  return mismatches;
}

/**
 * Where the compiled pipeline's time goes, from a V8 CPU profile of it deciding the cases: the parts of an
 * evaluation as shares of busy time, callees included. runRules records every rule's conditions (the rule
 * trace is built only when read, so no part of it shows here).
 */
async function pipelineProfile(cases, compiled, perCase) {
  const profile = await profileOf(async () => {
    const until = performance.now() + 3000;
    while (performance.now() < until) {
      for (const facts of cases) await evaluatePipeline({ policies: compiled, facts, asOf: AS_OF });
    }
  });
  const summary = summarizeProfile(profile);
  const parts = [
    ['input check', summary.inclusive('checkInput', 'evaluate')],
    ['fact snapshot (snapshotInputs)', summary.inclusive('snapshotInputs')],
    ['derived facts and limit expressions', summary.inclusive('evaluate', 'expression')],
    ['rules, conditions recorded (runRules)', summary.inclusive('runRules')],
    ['limit and pricing outcome', summary.inclusive('decideLimit') + summary.inclusive('decidePricing')],
    ['garbage collection', summary.inclusive('(garbage collector)')],
    [
      'the rest of evaluateChecked and evaluatePipeline (stage set-up, reasons, merging the stages)',
      summary.selfIn(
        'evaluateChecked rules/',
        'evaluatePipeline rules/',
        'mergedFacts rules/',
        'rankReasons rules/',
      ),
    ],
  ];
  return [
    `what bounds the compiled evaluator (${fixed(perCase)} us a case), from a ${fixed(summary.seconds)} s CPU ` +
      `profile of the pipeline (shares of busy time, callees included; limit outcome includes its expressions):`,
    `  ${parts.map(([name, share]) => `${name} ${percent(share)}`).join(', ')}`,
    '  top self time:',
    ...profileNotes(summary, 12),
  ];
}

export async function throughput({ cases, policies, seed }) {
  const compiled = Object.fromEntries(STAGES.map((kind) => [kind, compilePolicy(policies[kind])]));
  const { pipeline: prepared, admission, outcomes } = await prepare(cases, compiled);

  const documents = await timeRuns('compiled evaluator, documents (canonicalised per case)', cases, (facts) =>
    evaluatePipeline({ policies, facts, asOf: AS_OF }),
  );
  // what the API does: compile once per revision, then decide with the compiled policies
  const evaluator = await timeRuns(
    'compiled evaluator (evaluatePipeline, compiled policies)',
    cases,
    (facts) => evaluatePipeline({ policies: compiled, facts, asOf: AS_OF }),
  );
  const definitions = Object.fromEntries(
    STAGES.map((kind) => [kind, compiled[kind].rules.map((rule) => rule.definition)]),
  );
  const engineFresh = await timeRuns(
    'json-rules-engine, fresh Engine per stage per case',
    prepared,
    async (item) => {
      for (const kind of item.stages)
        await new Engine(definitions[kind], { allowUndefinedFacts: true }).run(item.facts);
    },
  );
  // one Engine per stage for the whole run: safe only because the runs are awaited one at a time
  const engines = Object.fromEntries(
    STAGES.map((kind) => [kind, new Engine(definitions[kind], { allowUndefinedFacts: true })]),
  );
  const engineReused = await timeRuns(
    'json-rules-engine, one reused Engine per stage (sequential)',
    prepared,
    async (item) => {
      for (const kind of item.stages) await engines[kind].run(item.facts);
    },
  );
  const runners = Object.fromEntries(
    STAGES.map((kind) => [kind, compiled[kind].rules.map((rule) => rule.runner)]),
  );
  const runnerOnly = await timeRuns('compiled rule runner alone (runCompiledRules)', prepared, (item) => {
    for (const kind of item.stages) runCompiledRules(runners[kind], item.facts);
  });

  const admissionFacts = admission.map((item) => item.facts);
  const admissionEvaluator = await timeRuns(
    'compiled evaluator, ADMISSION alone (evaluatePolicy)',
    cases,
    (facts) => evaluatePolicy(compiled.ADMISSION, { facts, asOf: AS_OF }),
  );
  const admissionRunner = await timeRuns(
    'compiled rule runner alone, ADMISSION rules',
    admissionFacts,
    (facts) => runCompiledRules(runners.ADMISSION, facts),
  );
  const admissionFresh = await timeRuns('json-rules-engine, fresh Engine per case', admissionFacts, (facts) =>
    new Engine(definitions.ADMISSION, { allowUndefinedFacts: true }).run(facts),
  );
  const admissionReused = await timeRuns(
    'json-rules-engine, one reused Engine (sequential)',
    admissionFacts,
    (facts) => engines.ADMISSION.run(facts),
  );
  const engine = new ZenEngine();
  try {
    const decision = engine.createDecision(admissionDecisionTable(compiled.ADMISSION));
    const mismatches = await zenMismatches(decision, admission);
    const zen = await timeRuns('zen-engine decision table, one at a time', admissionFacts, (facts) =>
      decision.evaluate(facts),
    );
    const zenParallel = await timeBatches(
      `zen-engine decision table, ${ZEN_IN_FLIGHT} in flight`,
      admissionFacts,
      ZEN_IN_FLIGHT,
      (batch) => Promise.all(batch.map((facts) => decision.evaluate(facts))),
    );

    const vsEngine = evaluator.median / engineReused.median;
    // zen runs its evaluations on threads of its own: the target is against it with them all busy
    const vsZen = admissionEvaluator.median / zenParallel.median;
    const notes = [
      mismatches.length === 0
        ? `zen-engine equivalence: outcome and first reason equal the compiled evaluator's ADMISSION on all ${admission.length} cases`
        : `!!! zen-engine MISMATCHES on ${mismatches.length} of ${admission.length} cases: its figures compare different decisions !!! ${mismatches.slice(0, 3).join('; ')}`,
      verdict(
        'compiled evaluator / json-rules-engine reused Engine (on the same stages)',
        vsEngine,
        TARGET_VS_ENGINE,
      ),
      `  rule runner alone / reused Engine (rules only, like with like): ${fixed(runnerOnly.median / engineReused.median, 1)}x; ` +
        `ADMISSION only ${fixed(admissionRunner.median / admissionReused.median, 1)}x; reused / fresh Engine ${fixed(engineReused.median / engineFresh.median, 2)}x`,
      verdict(
        `compiled evaluator ADMISSION alone / zen-engine with ${ZEN_IN_FLIGHT} in flight`,
        vsZen,
        TARGET_VS_ZEN,
      ),
      `  the same against zen one at a time ${fixed(admissionEvaluator.median / zen.median, 2)}x; ` +
        `rule runner alone vs zen one at a time ${fixed(admissionRunner.median / zen.median, 1)}x ` +
        '(zen and the engines get derived facts precomputed; the evaluator computes them, checks every fact, builds the trace)',
      `outcomes: ${Object.entries(outcomes)
        .map(([outcome, count]) => `${outcome} ${count}`)
        .join(', ')}`,
    ];
    if (vsEngine < TARGET_VS_ENGINE || vsZen < TARGET_VS_ZEN)
      notes.push(...(await pipelineProfile(cases, compiled, 1e6 / evaluator.median)));
    return {
      title: `Throughput: ${cases.length} cases, median of ${REPEATS} runs (seed ${seed})`,
      rows: [
        '  full default pipeline (ADMISSION -> LIMIT -> PRICING), engines on the rules of the stages each case reaches',
        ...[documents, evaluator, engineFresh, engineReused, runnerOnly].map(row),
        '  ADMISSION stage alone',
        ...[admissionEvaluator, admissionRunner, admissionFresh, admissionReused, zen, zenParallel].map(row),
      ],
      notes,
    };
  } finally {
    engine.dispose();
  }
}

const row = ({ label, median, min, max }) => [label, median, min, max];
