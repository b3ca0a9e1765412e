/**
 * The public entry of @spillway/rules: the policy language, its validator and evaluator, capacity math,
 * revisions and diffs. Pure: no I/O, no clock, no randomness; runs in Node and in the browser.
 */

export {
  type Binning,
  type BinningOptions,
  binCategorical,
  binNumeric,
  type CategoricalBin,
  type CategoricalBinning,
  cutPoint,
  DEFAULT_BINNING,
  MAX_CATEGORIES,
  MONOTONIC_TRENDS,
  type Monotonic,
  type NumericBin,
  type NumericBinning,
  type Trend,
} from './binning.js';
export {
  type BoundsProblem,
  checkJsonBounds,
  checkPolicyBounds,
  EXPRESSION_LIMITS,
  FACTS_JSON_BOUNDS,
  type JsonBounds,
  type JsonBoundsCode,
  MAPPING_JSON_BOUNDS,
  POLICY_JSON_BOUNDS,
  POLICY_LIMITS,
} from './bounds.js';
export {
  type BudgetBacktestReport,
  type BudgetCase,
  type BudgetEffect,
  budgetBacktest,
  type WindowExposure,
} from './budget-backtest.js';
export { CANONICAL_MAX_DEPTH, canonicalJson } from './canonical-json.js';
export {
  affordableLimit,
  affordablePrincipal,
  annuityPayment,
  clamp,
  clampLimitCut,
  debtServiceRatio,
  floorToStep,
  isOverflow,
  MAX_AMOUNT,
  MAX_APR_BPS,
  MAX_TERM_MONTHS,
  monthlyRateFromBps,
} from './capacity.js';
export {
  CASE_MAPPING_VERSION,
  type CaseMapping,
  type ColumnMapping,
  type CompiledMapping,
  compileMapping,
  type ExpectedDecision,
  type MappedCase,
  type MappedExpression,
  type MappingProblem,
  type MappingValidation,
  type MapRowResult,
  mapRow,
  type RowError,
  validateMapping,
} from './case-mapping.js';
export {
  type CompiledDerivedFact,
  type CompiledPolicy,
  type CompiledPolicyScorecard,
  compilePolicy,
  type Derivation,
  isCompiledPolicy,
} from './compile.js';
export {
  COMPLIANCE_CHECK_TYPES,
  type CompiledCompliance,
  type ComplianceBorrower,
  type ComplianceCheck,
  type ComplianceCheckType,
  type ComplianceFinding,
  type ComplianceLine,
  type ComplianceSection,
  compileCompliance,
  evaluateCompliance,
  type FindingCode,
  MAX_COMPLIANCE_CHECKS,
  validateComplianceSection,
} from './compliance.js';
export { defaultPolicies } from './default-policies.js';
export { defaultScorecards, TAIWAN_BEHAVIOUR_FIT } from './default-scorecards.js';
export type { Change, NamedSetDiff, PolicyDiff, RuleChange, ThresholdChange } from './diff.js';
export { diffPolicies } from './diff.js';
export {
  type Discrimination,
  defaultCapture,
  discrimination,
  type Outcomes,
  type RocPoint,
  rocCurve,
} from './discrimination.js';
export {
  jsonPath,
  PolicyError,
  type PolicyErrorCategory,
  type PolicyProblem,
  policyErrorCategory,
  type Severity,
} from './errors.js';
export type {
  ConditionTrace,
  DerivedTrace,
  EvaluationInput,
  FactProblem,
  LimitOutcome,
  MonitoringOutcome,
  OutcomeStep,
  PolicyResult,
  PricingOutcome,
  Reason,
  ReasonParams,
  RuleTrace,
  ScorecardTrace,
  StageTrace,
} from './evaluate.js';
export { evaluatePolicy } from './evaluate.js';
export {
  BUDGET_ACTIONS,
  BUDGET_MEASURES,
  BUDGET_WINDOWS,
  type BudgetAction,
  type BudgetMeasure,
  type BudgetUse,
  type BudgetWindow,
  type CompiledExposure,
  compileExposure,
  DEFAULT_TIME_ZONE,
  EXPOSURE_REASON,
  type ExposureBudget,
  type ExposureDemand,
  ExposureLedger,
  type ExposureRequest,
  type ExposureSection,
  type ExposureSettlement,
  type ExposureVerdict,
  exposureDemand,
  releaseDeltas,
  segmentMembers,
  settleExposure,
  validateExposureSection,
  windowOf,
} from './exposure.js';
export {
  analyzeExpression,
  EXPRESSION_FUNCTIONS,
  type ExpressionAnalysis,
  type ExpressionProblem,
  type ExpressionProblemCode,
  isReservedName,
} from './expression.js';
export {
  catalogFact,
  type FactDefinition,
  type FactDomain,
  type FactSource,
  type FactType,
  factCatalog,
  hasFactType,
  MAX_MONEY,
} from './fact-catalog.js';
export {
  checkFacts,
  checkFactValue,
  type FactsProblem,
  type FactValueCode,
  type FactValueProblem,
} from './fact-value.js';
export { fitLogistic, type LogisticFit, type LogisticOptions, waldPValue } from './logistic.js';
export {
  type BacktestMetrics,
  type BacktestPair,
  type CaseOutcome,
  type ChangeKind,
  classifyChange,
  createMetricsAccumulator,
  type MetricsAccumulator,
  type MetricsState,
  type OutcomeCell,
  PSI_EMPTY_BIN_SHARE,
  populationStabilityIndex,
  type SideMetrics,
} from './metrics.js';
export type { PipelineInput, PipelineResult, PipelineTrace } from './pipeline.js';
export { evaluatePipeline, evaluatePipelines } from './pipeline.js';
export {
  CONDITION_OPERATORS,
  type Condition,
  type ConditionOperator,
  type ConditionValue,
  type DerivedFactSpec,
  DOCUMENT_RANGES,
  EVENT_TYPES,
  type FactCondition,
  type FieldRange,
  type LimitCap,
  type LimitSection,
  type MissingFactPolicy,
  type MonitoringSection,
  type Outcome,
  POLICY_KINDS,
  type PolicyDocument,
  type PolicyKind,
  type PolicyRule,
  type PricingSection,
  type PricingTier,
  type RuleEvent,
  type TopLevelCondition,
} from './policy-document.js';
export {
  MAX_SCORE_REASONS,
  MAX_SCORECARD_NAME_LENGTH,
  SCORECARD_OUTPUT_TYPES,
  type ScorecardFacts,
  type ScorecardOutput,
  scorecardFacts,
} from './policy-scorecards.js';
export {
  caseOutcomeOf,
  type DecisionSummary,
  expectationFailures,
  type FieldDifference,
  firedRulesOf,
  summarizeResult,
  summaryDifferences,
} from './regression.js';
export { revision } from './revision.js';
export {
  badProbabilityOf,
  binComparable,
  binLabel,
  type Category,
  type CharacteristicKind,
  type CharacteristicPoints,
  type CompiledScorecard,
  catalogInputType,
  compileScorecard,
  type FactTypeResolver,
  type MissingBin,
  type OtherBin,
  type RangeBin,
  SCORECARD_LIMITS,
  type ScorecardBin,
  type ScorecardCharacteristic,
  type ScorecardReason,
  type ScorecardResult,
  type ScorecardScaling,
  type ScorecardSpec,
  type ScorecardValidationOptions,
  scalingConstants,
  type ValuesBin,
  validateScorecard,
} from './scorecard.js';
export {
  type BinReport,
  type CalibrationBand,
  type CandidateCharacteristic,
  type CharacteristicReport,
  type CharacteristicStatus,
  checkFitOptions,
  DEFAULT_FIT,
  type FitCase,
  fitScorecard,
  type ScorecardFit,
  type ScorecardFitOptions,
  type ScorecardFitReport,
  stratifiedSplit,
} from './scorecard-fit.js';
export { mulberry32 } from './seeded-random.js';
export { sha256Hex } from './sha256.js';
export { staticChecks } from './static-checks.js';
export { type ValidationResult, validatePolicy } from './validate.js';
export { type BinCounts, WOE_SMOOTHING, type WoeBin, type WoeTable, weightOfEvidence } from './woe.js';
