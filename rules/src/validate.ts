/**
 * The policy validator: walks the whole document and returns every problem at once, each with a JSON
 * path, a stable code and a message, so the console can underline all of them in one pass.
 */
import { checkPolicyBounds } from './bounds.js';
import { validateComplianceSection } from './compliance.js';
import { type DerivationGraph, type DerivationStep, derivationGraph } from './derivation-order.js';
import { jsonPath, type PolicyProblem } from './errors.js';
import { validateExposureSection } from './exposure.js';
import { analyzeExpression, expressionIdentifiers, isReservedName } from './expression.js';
import { catalogFact, type FactType, isNumericType } from './fact-catalog.js';
import {
  CONDITION_OPERATORS,
  DOCUMENT_RANGES,
  EVENT_TYPES,
  type FieldRange,
  MEMBERSHIP_OPERATORS,
  NUMERIC_OPERATORS,
  POLICY_KINDS,
  type PolicyKind,
} from './policy-document.js';
import {
  MAX_SCORECARD_NAME_LENGTH,
  SCORECARD_OUTPUT_TYPES,
  type ScorecardOutput,
  scorecardFacts,
  scorecardReads,
} from './policy-scorecards.js';
import { type FactTypeResolver, validateScorecard } from './scorecard.js';
import { staticChecks } from './static-checks.js';

export interface ValidationResult {
  valid: boolean;
  errors: PolicyProblem[];
  warnings: PolicyProblem[];
}

type Json = Record<string, unknown>;

const REASON_CODE = /^[A-Z][A-Z0-9_]*$/;
const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const MAX_NAME_LENGTH = 64;
const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH'];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** What a name resolves to inside one document. */
interface Symbol {
  type: FactType;
  origin: 'catalog' | 'derived' | 'parameter' | 'scorecard';
  /** For a scorecard's facts: the card's name. */
  scorecard?: string;
}

/** Every fact a condition tree compares, on either side. */
function collectConditionFacts(condition: unknown, into: Set<string>): void {
  if (Array.isArray(condition)) {
    for (const child of condition) collectConditionFacts(child, into);
    return;
  }
  if (!isObject(condition)) return;
  if (typeof condition.fact === 'string') into.add(condition.fact);
  if (isObject(condition.value) && typeof condition.value.fact === 'string') into.add(condition.value.fact);
  for (const key of ['all', 'any', 'not'] as const) collectConditionFacts(condition[key], into);
}

class Validator {
  readonly problems: PolicyProblem[] = [];
  readonly symbols = new Map<string, Symbol>();
  /** What each derived fact reads, and what each scorecard whose facts are its own reads: their order. */
  readonly factReads = new Map<string, readonly string[]>();
  readonly cardReads = new Map<string, readonly string[]>();
  /** Every scorecard the document names. */
  readonly cards = new Set<string>();
  derivation: DerivationGraph | undefined;
  kind: PolicyKind | undefined;
  tiers: Set<string> | undefined;

  constructor(readonly doc: Json) {}

  error(code: string, path: string, message: string): void {
    this.problems.push({ code, path, message, severity: 'error' });
  }

  warn(code: string, path: string, message: string): void {
    this.problems.push({ code, path, message, severity: 'warning' });
  }

  /**
   * Parameters, derived facts and tiers become keys that expressions and the evaluator look up: an
   * identifier of sane length that no JavaScript object or the expression language already owns.
   */
  name(name: string, path: string, what: string, maxLength = MAX_NAME_LENGTH): void {
    if (!NAME.test(name) || name.length > maxLength) {
      this.error(
        'INVALID_NAME',
        path,
        `${what} name '${name.slice(0, maxLength)}' is not an identifier of at most ${maxLength} characters`,
      );
    } else if (isReservedName(name)) {
      this.error('RESERVED_NAME', path, `${what} name '${name}' is reserved`);
    }
  }

  /** A number of the right type checked against its range; true when it is within. */
  range(value: number, path: string, what: string, range: FieldRange): boolean {
    const below =
      (range.minimum !== undefined && value < range.minimum) ||
      (range.exclusiveMinimum !== undefined && value <= range.exclusiveMinimum);
    if (!below && value <= range.maximum) return true;
    const low =
      range.exclusiveMinimum !== undefined
        ? `greater than ${range.exclusiveMinimum}`
        : `at least ${range.minimum}`;
    this.error(
      'VALUE_OUT_OF_RANGE',
      path,
      `${what} must be ${low} and at most ${range.maximum}, got ${value}`,
    );
    return false;
  }

  run(): void {
    const { doc } = this;
    if (doc.kind === undefined) this.error('MISSING_FIELD', '$.kind', 'kind is required');
    else if (!POLICY_KINDS.includes(doc.kind as PolicyKind)) {
      this.error('UNKNOWN_KIND', '$.kind', `kind must be one of ${POLICY_KINDS.join(', ')}`);
    } else this.kind = doc.kind as PolicyKind;
    if (typeof doc.name !== 'string' || doc.name.trim() === '') {
      this.error(
        doc.name === undefined ? 'MISSING_FIELD' : 'INVALID_TYPE',
        '$.name',
        'name must be a non-empty string',
      );
    }
    if (doc.description !== undefined && typeof doc.description !== 'string') {
      this.error('INVALID_TYPE', '$.description', 'description must be a string');
    }
    this.parameters();
    this.declareDerived();
    this.declareScorecards();
    this.tiers =
      this.kind === 'PRICING' && isObject(doc.pricing) && isObject(doc.pricing.tiers)
        ? new Set(Object.keys(doc.pricing.tiers))
        : undefined;
    this.derivedFacts();
    this.scorecards();
    this.cycles();
    this.missingFactPolicy();
    this.rules();
    this.kindSections();
  }

  parameters(): void {
    const { parameters } = this.doc;
    if (parameters === undefined) return;
    if (!isObject(parameters)) {
      this.error('INVALID_TYPE', '$.parameters', 'parameters must be an object of numbers');
      return;
    }
    for (const [name, value] of Object.entries(parameters)) {
      const path = jsonPath('$.parameters', name);
      this.name(name, path, 'parameter');
      if (!isFiniteNumber(value))
        this.error('VALUE_TYPE_MISMATCH', path, `parameter ${name} must be a finite number`);
      else this.range(value, path, `parameter ${name}`, DOCUMENT_RANGES.parameter);
      if (catalogFact(name)) {
        this.error('NAME_CONFLICT', path, `parameter ${name} has the name of a catalog fact`);
      }
      this.symbols.set(name, { type: 'number', origin: 'parameter' });
    }
  }

  declareDerived(): void {
    const { facts } = this.doc;
    if (facts === undefined) return;
    if (!isObject(facts)) {
      this.error('INVALID_TYPE', '$.facts', 'facts must be an object of name -> expression');
      return;
    }
    for (const [name, spec] of Object.entries(facts)) {
      const path = jsonPath('$.facts', name);
      const catalog = catalogFact(name);
      this.name(name, path, 'derived fact');
      if (catalog && (catalog.source !== 'derived' || catalog.suppliedBy === 'pipeline')) {
        this.error(
          'NAME_CONFLICT',
          path,
          `${name} is a ${catalog.source} fact in the catalog and cannot be redefined`,
        );
      }
      if (this.symbols.get(name)?.origin === 'parameter') {
        this.error('NAME_CONFLICT', path, `${name} is both a parameter and a derived fact`);
      }
      const declared = isObject(spec) ? spec.type : undefined;
      const type: FactType = catalog?.type ?? (declared === 'boolean' ? 'boolean' : 'number');
      this.symbols.set(name, { type, origin: 'derived' });
    }
  }

  /**
   * A scorecard's facts are names like any other the document defines: none may be a catalog fact, a
   * parameter or a derived fact, so what a rule reads is never ambiguous.
   */
  declareScorecards(): void {
    const { scorecards } = this.doc;
    if (scorecards === undefined) return;
    if (!isObject(scorecards)) {
      this.error('INVALID_TYPE', '$.scorecards', 'scorecards must be an object of name -> scorecard');
      return;
    }
    for (const name of Object.keys(scorecards)) {
      const path = jsonPath('$.scorecards', name);
      this.cards.add(name);
      this.name(name, path, 'scorecard', MAX_SCORECARD_NAME_LENGTH);
      const facts = scorecardFacts(name);
      for (const output of Object.keys(facts) as ScorecardOutput[]) {
        const fact = facts[output];
        const taken = catalogFact(fact)
          ? 'a catalog fact'
          : this.symbols.get(fact)?.origin === 'parameter'
            ? 'a parameter'
            : this.symbols.has(fact)
              ? 'a derived fact'
              : undefined;
        if (taken) {
          this.error(
            'NAME_CONFLICT',
            path,
            `scorecard ${name} yields the fact ${fact}, which is ${taken}: rename one of them`,
          );
        } else {
          this.symbols.set(fact, {
            type: SCORECARD_OUTPUT_TYPES[output],
            origin: 'scorecard',
            scorecard: name,
          });
        }
      }
    }
  }

  /** Each card checked against the document's own names; what it reads joins the derivation graph. */
  scorecards(): void {
    const { scorecards } = this.doc;
    if (!isObject(scorecards)) return;
    const factType: FactTypeResolver = (name) => {
      const found = this.lookupFact(name);
      return 'type' in found ? found.type : undefined;
    };
    const options = {
      factType,
      expressionType: (name: string) =>
        this.symbols.get(name)?.origin === 'parameter' ? ('number' as const) : factType(name),
      // called only for names factType does not know, so lookupFact has a reason
      unknownFact: (name: string) =>
        this.symbols.get(name)?.origin === 'parameter'
          ? { code: 'UNKNOWN_FACT', message: `${name} is a parameter: read it in an expression` }
          : (this.lookupFact(name) as { code: string; message: string }),
    };
    for (const [name, spec] of Object.entries(scorecards)) {
      this.problems.push(...validateScorecard(spec, jsonPath('$.scorecards', name), options));
      // a card whose facts clash reads only what those names already are: it joins no order
      const own = Object.values(scorecardFacts(name)).every(
        (fact) => this.symbols.get(fact)?.scorecard === name,
      );
      if (own) this.cardReads.set(name, scorecardReads(spec));
    }
  }

  /** The type of a fact this document may read, or why it may not. */
  lookupFact(name: string): { type: FactType } | { code: string; message: string } {
    const local = this.symbols.get(name);
    if (local && local.origin !== 'parameter') return { type: local.type };
    const catalog = catalogFact(name);
    if (!catalog) {
      return {
        code: 'UNKNOWN_FACT',
        message: `unknown fact '${name}': not in the fact catalog, not derived here, not a parameter`,
      };
    }
    if (catalog.source === 'derived' && catalog.suppliedBy !== 'pipeline') {
      return {
        code: 'UNDEFINED_DERIVED_FACT',
        message: `${name} is a derived fact: define it under "facts" to use it`,
      };
    }
    if (catalog.suppliedBy === 'pipeline' && !(this.kind && catalog.availableTo?.includes(this.kind))) {
      return {
        code: 'UNKNOWN_FACT',
        message: `${name} is supplied by the pipeline to ${catalog.availableTo?.join(' and ') ?? 'no'} policies only`,
      };
    }
    return { type: catalog.type };
  }

  /** Resolves a fact name used by a rule or expression, reporting unknown and undefined derived facts. */
  resolveFact(name: string, path: string): FactType | undefined {
    const found = this.lookupFact(name);
    if ('type' in found) return found.type;
    this.error(found.code, path, found.message);
    return undefined;
  }

  expression(source: unknown, path: string): string[] {
    if (typeof source !== 'string') {
      this.error(
        source === undefined ? 'MISSING_FIELD' : 'INVALID_TYPE',
        path,
        'expression must be a string',
      );
      return [];
    }
    const analysis = analyzeExpression(source);
    for (const problem of analysis.problems) {
      const at = problem.column === undefined ? '' : ` (column ${problem.column})`;
      this.error(problem.code, path, `${problem.message}${problem.message.includes('column') ? '' : at}`);
    }
    for (const name of analysis.identifiers) {
      if (this.symbols.get(name)?.origin !== 'parameter') this.resolveFact(name, path);
    }
    return analysis.identifiers;
  }

  derivedFacts(): void {
    const { facts } = this.doc;
    if (!isObject(facts)) return;
    for (const [name, spec] of Object.entries(facts)) {
      const path = jsonPath('$.facts', name);
      let source: unknown = spec;
      if (isObject(spec)) {
        source = spec.expression;
        if (spec.type !== undefined && spec.type !== 'number' && spec.type !== 'boolean') {
          this.error('INVALID_TYPE', jsonPath(path, 'type'), 'type must be number or boolean');
        }
      }
      const identifiers = this.expression(source, isObject(spec) ? jsonPath(path, 'expression') : path);
      this.factReads.set(name, identifiers);
    }
  }

  /** Derived facts and scorecards must not read themselves through each other. */
  cycles(): void {
    this.derivation = derivationGraph(this.factReads, this.cardReads);
    for (const cycle of this.derivation.cycles) {
      const [first] = cycle;
      const what = cycle.every((step) => step.scorecard === undefined)
        ? 'derived facts'
        : 'derived facts and scorecards';
      const label = (step: DerivationStep) =>
        step.scorecard === undefined ? step.fact : `scorecard ${step.scorecard}`;
      this.error(
        'DERIVED_FACT_CYCLE',
        first.scorecard === undefined
          ? jsonPath('$.facts', first.fact)
          : jsonPath('$.scorecards', first.scorecard),
        `${what} form a cycle: ${cycle.map(label).join(' -> ')}`,
      );
    }
  }

  /**
   * A rule surfacing a card's reasons must read the card (its facts, directly or through derived facts):
   * otherwise its reasons would explain a decision the score had no part in.
   */
  scoreReasons(rule: Json, path: string): void {
    const params = isObject(rule.event) && isObject(rule.event.params) ? rule.event.params : undefined;
    const card = params?.scoreReasons;
    if (card === undefined) return;
    const cardPath = jsonPath(jsonPath(jsonPath(path, 'event'), 'params'), 'scoreReasons');
    if (typeof card !== 'string' || !this.cards.has(card)) {
      this.error(
        'UNKNOWN_SCORECARD',
        cardPath,
        `scoreReasons names a scorecard of this document, not '${String(card)}'`,
      );
      return;
    }
    // a card whose facts clash is reported as such: what its name would read is not its own
    if (!this.cardReads.has(card)) return;
    const reads = new Set<string>();
    collectConditionFacts(rule.conditions, reads);
    for (const key of ['value', 'target', 'factor'] as const) {
      const source = params?.[key];
      if (typeof source === 'string') for (const name of expressionIdentifiers(source)) reads.add(name);
    }
    if (this.derivation?.reads([...reads], card)) return;
    this.error(
      'SCORE_REASONS_UNREAD',
      cardPath,
      `the rule surfaces the reasons of scorecard ${card} but never reads its score: compare ${scorecardFacts(card).score}`,
    );
  }

  missingFactPolicy(): void {
    const policy = this.doc.onMissingFact;
    if (policy === undefined) return;
    const path = '$.onMissingFact';
    if (!isObject(policy) || !['REFER', 'DECLINE', 'ERROR'].includes(policy.outcome as string)) {
      this.error('INVALID_VALUE', path, 'onMissingFact.outcome must be REFER, DECLINE or ERROR');
      return;
    }
    if (policy.reason !== undefined) this.reasonCode(policy.reason, jsonPath(path, 'reason'));
  }

  reasonCode(reason: unknown, path: string): void {
    if (reason === undefined || reason === '') {
      this.error('MISSING_REASON_CODE', path, 'a reason code is required');
    } else if (typeof reason !== 'string' || !REASON_CODE.test(reason)) {
      this.error('INVALID_REASON_CODE', path, 'a reason code is UPPER_SNAKE_CASE, e.g. MAX_DPD_EXCEEDED');
    }
  }

  rules(): void {
    const { rules } = this.doc;
    if (!Array.isArray(rules)) {
      this.error(rules === undefined ? 'MISSING_FIELD' : 'INVALID_TYPE', '$.rules', 'rules must be an array');
      return;
    }
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      const path = jsonPath('$.rules', index);
      if (!isObject(rule)) {
        this.error('INVALID_TYPE', path, 'a rule must be an object');
        return;
      }
      if (typeof rule.name !== 'string' || rule.name.trim() === '') {
        this.error('MISSING_FIELD', jsonPath(path, 'name'), 'every rule needs a name');
      } else if (seen.has(rule.name)) {
        this.error(
          'DUPLICATE_RULE_NAME',
          jsonPath(path, 'name'),
          `rule name '${rule.name}' is used more than once`,
        );
      } else seen.add(rule.name);
      if (rule.description === undefined) {
        this.warn('MISSING_DESCRIPTION', jsonPath(path, 'description'), 'say why the rule exists');
      } else if (typeof rule.description !== 'string') {
        this.error('INVALID_TYPE', jsonPath(path, 'description'), 'description must be a string');
      }
      const { priority } = DOCUMENT_RANGES;
      if (
        rule.priority !== undefined &&
        !(Number.isInteger(rule.priority) && (rule.priority as number) >= priority.minimum)
      ) {
        this.error('INVALID_PRIORITY', jsonPath(path, 'priority'), 'priority must be a positive integer');
      } else if (typeof rule.priority === 'number') {
        this.range(rule.priority, jsonPath(path, 'priority'), 'priority', priority);
      }
      this.topCondition(rule.conditions, jsonPath(path, 'conditions'));
      this.event(rule.event, jsonPath(path, 'event'));
      this.scoreReasons(rule, path);
    });
  }

  topCondition(condition: unknown, path: string): void {
    if (!isObject(condition) || !('all' in condition || 'any' in condition || 'not' in condition)) {
      this.error('INVALID_CONDITION', path, 'conditions must start with all, any or not');
      return;
    }
    this.condition(condition, path);
  }

  condition(condition: unknown, path: string): void {
    if (!isObject(condition)) {
      this.error('INVALID_CONDITION', path, 'a condition must be an object');
      return;
    }
    const groups = ['all', 'any', 'not'].filter((key) => key in condition);
    if (groups.length > 1 || (groups.length === 1 && 'fact' in condition)) {
      this.error('INVALID_CONDITION', path, 'a condition is either all, any, not or a fact comparison');
      return;
    }
    if (groups[0] === 'not') {
      this.condition(condition.not, jsonPath(path, 'not'));
      return;
    }
    if (groups.length === 1) {
      const key = groups[0];
      const list = condition[key];
      if (!Array.isArray(list)) {
        this.error('INVALID_CONDITION', jsonPath(path, key), `${key} must be an array of conditions`);
        return;
      }
      list.forEach((item, index) => {
        this.condition(item, jsonPath(jsonPath(path, key), index));
      });
      return;
    }
    this.leaf(condition, path);
  }

  leaf(condition: Json, path: string): void {
    for (const key of Object.keys(condition)) {
      if (!['fact', 'operator', 'value', 'name'].includes(key)) {
        const why =
          key === 'path' ? 'facts are flat values: path is not supported' : `unsupported field ${key}`;
        this.error('UNSUPPORTED_FIELD', jsonPath(path, key), why);
      }
    }
    if (typeof condition.fact !== 'string') {
      this.error('MISSING_FIELD', jsonPath(path, 'fact'), 'a condition needs a fact');
      return;
    }
    const type = this.resolveFact(condition.fact, jsonPath(path, 'fact'));
    const operator = condition.operator;
    const operatorPath = jsonPath(path, 'operator');
    if (!CONDITION_OPERATORS.includes(operator as never)) {
      this.error(
        'UNKNOWN_OPERATOR',
        operatorPath,
        `operator must be one of ${CONDITION_OPERATORS.join(', ')}`,
      );
      return;
    }
    if (type === undefined) return;
    const numericOperator = NUMERIC_OPERATORS.includes(operator as never);
    if (numericOperator && !isNumericType(type)) {
      this.error(
        'OPERATOR_TYPE_MISMATCH',
        operatorPath,
        `${operator} needs a number but ${condition.fact} is a ${type}`,
      );
      return;
    }
    const value = condition.value;
    const valuePath = jsonPath(path, 'value');
    if (MEMBERSHIP_OPERATORS.includes(operator as never)) {
      if (!Array.isArray(value) || value.length === 0) {
        this.error('VALUE_TYPE_MISMATCH', valuePath, `${operator} needs a non-empty array of ${type} values`);
      } else {
        value.forEach((item, index) => {
          if (!this.fits(item, type)) {
            this.error('VALUE_TYPE_MISMATCH', jsonPath(valuePath, index), `${condition.fact} is a ${type}`);
          }
        });
      }
      return;
    }
    if (isObject(value)) {
      this.reference(value, valuePath, type);
    } else if (!this.fits(value, type)) {
      this.error(
        'VALUE_TYPE_MISMATCH',
        valuePath,
        `${condition.fact} is a ${type}: ${JSON.stringify(value)} does not fit`,
      );
    }
  }

  fits(value: unknown, type: FactType): boolean {
    return isNumericType(type) ? isFiniteNumber(value) : typeof value === type;
  }

  reference(value: Json, path: string, type: FactType): void {
    if (typeof value.param === 'string' && Object.keys(value).length === 1) {
      const symbol = this.symbols.get(value.param);
      if (symbol?.origin !== 'parameter') {
        this.error('UNKNOWN_PARAMETER', jsonPath(path, 'param'), `unknown parameter '${value.param}'`);
      } else if (!isNumericType(type)) {
        this.error('VALUE_TYPE_MISMATCH', path, `parameters are numbers but the fact is a ${type}`);
      }
      return;
    }
    if (typeof value.fact === 'string' && Object.keys(value).length === 1) {
      const other = this.resolveFact(value.fact, jsonPath(path, 'fact'));
      if (other !== undefined && isNumericType(other) !== isNumericType(type)) {
        this.error(
          'VALUE_TYPE_MISMATCH',
          path,
          `${value.fact} is a ${other}, the fact compared is a ${type}`,
        );
      }
      return;
    }
    this.error('VALUE_TYPE_MISMATCH', path, 'a value is a literal, { "fact": name } or { "param": name }');
  }

  event(event: unknown, path: string): void {
    if (!isObject(event) || typeof event.type !== 'string') {
      this.error('MISSING_FIELD', jsonPath(path, 'type'), 'every rule needs an event with a type');
      return;
    }
    if (this.kind === undefined) return;
    const typePath = jsonPath(path, 'type');
    if (!EVENT_TYPES[this.kind].includes(event.type)) {
      this.error(
        'UNKNOWN_EVENT_TYPE',
        typePath,
        `${this.kind} events are ${EVENT_TYPES[this.kind].join(', ')}; got '${event.type}'`,
      );
      return;
    }
    const params = isObject(event.params) ? event.params : {};
    const paramsPath = jsonPath(path, 'params');
    const at = (key: string) => jsonPath(paramsPath, key);
    const needsReason = !['tier', 'notify'].includes(event.type);
    if (needsReason) this.reasonCode(params.reason, at('reason'));
    else if (params.reason !== undefined) this.reasonCode(params.reason, at('reason'));
    switch (event.type) {
      case 'cap':
      case 'set':
        this.expression(params.value, at('value'));
        break;
      case 'multiply':
        if (typeof params.factor === 'string') this.expression(params.factor, at('factor'));
        else if (!isFiniteNumber(params.factor) || params.factor < 0) {
          this.error(
            'VALUE_TYPE_MISMATCH',
            at('factor'),
            'factor must be a non-negative number or an expression',
          );
        } else this.range(params.factor, at('factor'), 'factor', DOCUMENT_RANGES.factor);
        break;
      case 'tier':
        if (typeof params.tier !== 'string')
          this.error('MISSING_FIELD', at('tier'), 'tier events name a tier');
        else if (this.tiers && !this.tiers.has(params.tier)) {
          this.error('UNDEFINED_TIER', at('tier'), `tier '${params.tier}' is not defined in pricing.tiers`);
        }
        break;
      case 'adjust':
        if (!Number.isInteger(params.bps))
          this.error('VALUE_TYPE_MISMATCH', at('bps'), 'bps must be an integer');
        else this.range(params.bps as number, at('bps'), 'bps', DOCUMENT_RANGES.adjustBps);
        break;
      case 'alert':
        if (typeof params.indicator !== 'string' || params.indicator === '') {
          this.error('MISSING_FIELD', at('indicator'), 'alerts name an indicator');
        }
        if (!SEVERITIES.includes(params.severity as string)) {
          this.error('INVALID_VALUE', at('severity'), `severity must be one of ${SEVERITIES.join(', ')}`);
        }
        break;
      case 'reduceLimit':
        this.expression(params.target, at('target'));
        break;
      case 'notify':
        if (typeof params.template !== 'string' || params.template === '') {
          this.error('MISSING_FIELD', at('template'), 'notify events name a message template');
        }
        break;
    }
  }

  kindSections(): void {
    const { doc, kind } = this;
    const owners: Record<string, PolicyKind> = {
      limit: 'LIMIT',
      pricing: 'PRICING',
      monitoring: 'MONITORING',
      exposure: 'EXPOSURE',
      compliance: 'COMPLIANCE',
    };
    for (const [section, owner] of Object.entries(owners)) {
      if (doc[section] !== undefined && kind !== undefined && kind !== owner) {
        this.warn('UNUSED_SECTION', `$.${section}`, `${section} is only read by ${owner} policies`);
      }
    }
    if (kind === 'LIMIT') this.limitSection();
    if (kind === 'PRICING') this.pricingSection();
    if (kind === 'MONITORING') this.monitoringSection();
    if (kind === 'EXPOSURE') this.exposureSection();
    if (kind === 'COMPLIANCE') this.complianceSection();
  }

  /** The checks are data (compliance.ts): no facts to resolve, no rules to run. */
  complianceSection(): void {
    for (const problem of validateComplianceSection(this.doc.compliance)) this.problems.push(problem);
    if (Array.isArray(this.doc.rules) && this.doc.rules.length > 0) {
      this.error('UNUSED_RULES', '$.rules', 'a COMPLIANCE policy has checks, not rules: leave rules empty');
    }
  }

  /** The budgets' own shape (exposure.ts), then every fact their segments read. */
  exposureSection(): void {
    for (const problem of validateExposureSection(this.doc.exposure)) this.problems.push(problem);
    const budgets = isObject(this.doc.exposure) ? this.doc.exposure.budgets : undefined;
    if (!Array.isArray(budgets)) return;
    budgets.forEach((budget, index) => {
      if (isObject(budget) && budget.segment !== undefined) {
        this.topCondition(budget.segment, `$.exposure.budgets[${index}].segment`);
      }
    });
    if (Array.isArray(this.doc.rules) && this.doc.rules.length > 0) {
      this.error('UNUSED_RULES', '$.rules', 'an EXPOSURE policy has budgets, not rules: leave rules empty');
    }
  }

  step(value: unknown, path: string): void {
    if (value === undefined) this.error('MISSING_FIELD', path, 'step is required');
    else if (!isFiniteNumber(value) || value <= 0)
      this.error('INVALID_VALUE', path, 'step must be a positive number');
    else this.range(value, path, 'step', DOCUMENT_RANGES.step);
  }

  limitSection(): void {
    const limit = this.doc.limit;
    if (!isObject(limit)) {
      this.error(
        'MISSING_FIELD',
        '$.limit',
        'LIMIT policies need a limit section (base, affordable, caps, step)',
      );
      return;
    }
    this.expression(limit.base, '$.limit.base');
    this.expression(limit.affordable, '$.limit.affordable');
    this.step(limit.step, '$.limit.step');
    if (limit.minimum !== undefined && !(isFiniteNumber(limit.minimum) && limit.minimum >= 0)) {
      this.error('INVALID_VALUE', '$.limit.minimum', 'minimum must be a non-negative number');
    } else if (isFiniteNumber(limit.minimum)) {
      this.range(limit.minimum, '$.limit.minimum', 'minimum', DOCUMENT_RANGES.minimum);
    }
    if (limit.belowMinimum !== undefined) {
      const below = limit.belowMinimum;
      if (!isObject(below) || !['DECLINE', 'REFER'].includes(below.outcome as string)) {
        this.error('INVALID_VALUE', '$.limit.belowMinimum', 'belowMinimum.outcome must be DECLINE or REFER');
      } else this.reasonCode(below.reason, '$.limit.belowMinimum.reason');
    }
    if (limit.caps === undefined) return;
    if (!Array.isArray(limit.caps)) {
      this.error('INVALID_TYPE', '$.limit.caps', 'caps must be an array');
      return;
    }
    const names = new Set<string>();
    limit.caps.forEach((cap, index) => {
      const path = jsonPath('$.limit.caps', index);
      if (!isObject(cap)) {
        this.error('INVALID_TYPE', path, 'a cap is { name, value, reason }');
        return;
      }
      if (typeof cap.name !== 'string' || cap.name === '')
        this.error('MISSING_FIELD', jsonPath(path, 'name'), 'caps need a name');
      else if (names.has(cap.name))
        this.error('DUPLICATE_CAP_NAME', jsonPath(path, 'name'), `cap '${cap.name}' is defined twice`);
      else names.add(cap.name);
      this.expression(cap.value, jsonPath(path, 'value'));
      this.reasonCode(cap.reason, jsonPath(path, 'reason'));
    });
  }

  pricingSection(): void {
    const pricing = this.doc.pricing;
    if (!isObject(pricing)) {
      this.error('MISSING_FIELD', '$.pricing', 'PRICING policies need a pricing section');
      this.error('MISSING_APR_CEILING', '$.pricing.aprCeilingBps', 'the APR ceiling (bps) is required');
      return;
    }
    const ceiling = pricing.aprCeilingBps;
    if (ceiling === undefined) {
      this.error('MISSING_APR_CEILING', '$.pricing.aprCeilingBps', 'the APR ceiling (bps) is required');
    } else if (!Number.isInteger(ceiling) || (ceiling as number) <= 0) {
      this.error('INVALID_VALUE', '$.pricing.aprCeilingBps', 'aprCeilingBps must be a positive integer');
    } else {
      this.range(
        ceiling as number,
        '$.pricing.aprCeilingBps',
        'aprCeilingBps',
        DOCUMENT_RANGES.aprCeilingBps,
      );
    }
    const floor = pricing.aprFloorBps;
    if (floor !== undefined && !(Number.isInteger(floor) && (floor as number) >= 0)) {
      this.error('INVALID_VALUE', '$.pricing.aprFloorBps', 'aprFloorBps must be a non-negative integer');
    } else if (typeof floor === 'number') {
      // a floor above the ceiling would price every loan above the legal maximum
      const { maximum } = DOCUMENT_RANGES.aprBps;
      const highest = Number.isInteger(ceiling) ? Math.min(ceiling as number, maximum) : maximum;
      this.range(floor, '$.pricing.aprFloorBps', 'aprFloorBps', {
        ...DOCUMENT_RANGES.aprBps,
        maximum: highest,
      });
    }
    if (!isObject(pricing.tiers) || Object.keys(pricing.tiers).length === 0) {
      this.error('MISSING_FIELD', '$.pricing.tiers', 'define at least one tier');
    } else {
      for (const [name, tier] of Object.entries(pricing.tiers)) {
        const path = jsonPath('$.pricing.tiers', name);
        this.name(name, path, 'tier');
        if (!isObject(tier)) {
          this.error('INVALID_TYPE', path, 'a tier is { aprBps, terms }');
          continue;
        }
        if (!Number.isInteger(tier.aprBps) || (tier.aprBps as number) < 0) {
          this.error('INVALID_VALUE', jsonPath(path, 'aprBps'), 'aprBps must be a non-negative integer');
        } else if (
          this.range(tier.aprBps as number, jsonPath(path, 'aprBps'), 'aprBps', DOCUMENT_RANGES.aprBps) &&
          Number.isInteger(ceiling) &&
          (tier.aprBps as number) > (ceiling as number)
        ) {
          this.warn(
            'TIER_ABOVE_CEILING',
            jsonPath(path, 'aprBps'),
            `tier ${name} is priced above the ceiling and will be clamped`,
          );
        }
        const terms = tier.terms;
        if (
          !Array.isArray(terms) ||
          terms.length === 0 ||
          !terms.every((t) => Number.isInteger(t) && t > 0)
        ) {
          this.error(
            'INVALID_VALUE',
            jsonPath(path, 'terms'),
            'terms must be a non-empty array of positive integers',
          );
        } else {
          terms.forEach((term, index) => {
            this.range(
              term,
              jsonPath(jsonPath(path, 'terms'), index),
              'a term in months',
              DOCUMENT_RANGES.termMonths,
            );
          });
        }
      }
    }
    if (pricing.fallbackTier !== undefined && !(this.tiers?.has(pricing.fallbackTier as string) ?? false)) {
      this.error(
        'UNDEFINED_TIER',
        '$.pricing.fallbackTier',
        `tier '${String(pricing.fallbackTier)}' is not defined`,
      );
    }
  }

  monitoringSection(): void {
    const monitoring = this.doc.monitoring;
    const rules = Array.isArray(this.doc.rules) ? this.doc.rules : [];
    const reduces = rules.some(
      (rule) => isObject(rule) && isObject(rule.event) && rule.event.type === 'reduceLimit',
    );
    if (monitoring === undefined) {
      if (reduces)
        this.error('MISSING_FIELD', '$.monitoring.step', 'reduceLimit needs monitoring.step to round limits');
      return;
    }
    if (!isObject(monitoring)) this.error('INVALID_TYPE', '$.monitoring', 'monitoring must be an object');
    else this.step(monitoring.step, '$.monitoring.step');
  }
}

export function validatePolicy(document: unknown): ValidationResult {
  if (!isObject(document)) {
    const problem: PolicyProblem = {
      code: 'INVALID_DOCUMENT',
      path: '$',
      message: 'a policy document is a JSON object',
      severity: 'error',
    };
    return { valid: false, errors: [problem], warnings: [] };
  }
  const bound = checkPolicyBounds(document);
  if (bound) return { valid: false, errors: [bound], warnings: [] };
  const validator = new Validator(document);
  validator.run();
  const errors = validator.problems.filter((problem) => problem.severity === 'error');
  const warnings = validator.problems.filter((problem) => problem.severity === 'warning');
  if (errors.length === 0) warnings.push(...staticChecks(document as never));
  return { valid: errors.length === 0, errors, warnings };
}
