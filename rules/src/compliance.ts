/**
 * Compliance checks over a whole portfolio: the limits online micro-lending must respect, judged per
 * borrower with all their active lines together. A COMPLIANCE policy lists its checks as data (a type, the
 * numbers the law or the lender's policy sets, and where each comes from); `evaluateCompliance` judges one
 * borrower and returns findings with their facts in integer minor units, so a run on any worker finds
 * exactly the same.
 *
 * Capacity (OVERFLOW) is the one definition in capacity.ts (`affordableLimit`, `isOverflow`), never a
 * second formula. An income that is not known is a finding of its own (INCOME_UNKNOWN), never a pass.
 */
import { affordableLimit, isOverflow, MAX_APR_BPS, MAX_TERM_MONTHS } from './capacity.js';
import { jsonPath, PolicyError, type PolicyProblem } from './errors.js';

export type ComplianceCheckType = 'INCOME_SHARE' | 'TOTAL_LIMIT' | 'APR_BAND' | 'TERM' | 'OVERFLOW';

export const COMPLIANCE_CHECK_TYPES: readonly ComplianceCheckType[] = Object.freeze([
  'INCOME_SHARE',
  'TOTAL_LIMIT',
  'APR_BAND',
  'TERM',
  'OVERFLOW',
]);

/** What a finding says: the check is breached, or it could not be judged because the income is unknown. */
export type FindingCode = 'BREACH' | 'INCOME_UNKNOWN';

export const MAX_COMPLIANCE_CHECKS = 50;

/**
 * One check. Parameters by type:
 * - INCOME_SHARE `{ numerator, denominator }`: the borrower's limits together at most that share of the
 *   annual income (12 x the current monthly income); an exact fraction, so 1/3 is 1/3.
 * - TOTAL_LIMIT `{ maxAmount }`: the borrower's limits together at most this many CNY.
 * - APR_BAND `{ aboveBps, atMostBps? }`: a line whose APR is above `aboveBps` (and at most `atMostBps`).
 * - TERM `{ allowedTerms? }`: a line whose term is not among its product's allowed terms (or these).
 * - OVERFLOW `{ dsrCap, aprBps, termMonths }`: the limits together above the affordable limit at the cap.
 */
export interface ComplianceCheck {
  /** Stable id findings are keyed by: letters, digits, - or _. */
  id: string;
  type: ComplianceCheckType;
  /** What it checks, and its legal or policy source. */
  description: string;
  params: Record<string, unknown>;
}

export interface ComplianceSection {
  checks: ComplianceCheck[];
}

type CompiledCheck =
  | { id: string; type: 'INCOME_SHARE'; numerator: number; denominator: number }
  | { id: string; type: 'TOTAL_LIMIT'; maxMinor: number }
  | { id: string; type: 'APR_BAND'; aboveBps: number; atMostBps: number | null }
  | { id: string; type: 'TERM'; allowedTerms: readonly number[] | null }
  | { id: string; type: 'OVERFLOW'; dsrCap: number; aprBps: number; termMonths: number };

export interface CompiledCompliance {
  readonly checks: readonly CompiledCheck[];
}

/** One active line of the borrower, as a run reads it. */
export interface ComplianceLine {
  id: string;
  limitMinor: number;
  aprBps: number;
  /** Null when the line's term is not known (a revolving line opened without a decision). */
  termMonths: number | null;
  /** The allowed terms of the line's product. */
  allowedTerms: readonly number[];
}

export interface ComplianceBorrower {
  /** The current monthly income in fen; null when none was ever reported. */
  monthlyIncomeMinor: number | null;
  /** The current monthly repayments to other lenders in fen; null counts as none reported. */
  monthlyDebtServiceMinor: number | null;
  lines: readonly ComplianceLine[];
}

export interface ComplianceFinding {
  check: string;
  type: ComplianceCheckType;
  code: FindingCode;
  /** The line judged; null for checks of the borrower's lines together. */
  lineId: string | null;
  /** What is in breach, in fen: the borrower's limits together, or the line's limit. */
  exposureMinor: number;
  /** The evidence, money in integer fen. */
  facts: Record<string, number | string | boolean | null | readonly number[]>;
}

const ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isInteger = (value: unknown, low: number, high: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= low && value <= high;
const isCny = (value: unknown): value is number =>
  typeof value === 'number' &&
  Number.isFinite(value) &&
  value > 0 &&
  value <= 1e12 &&
  Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

/** Every problem of a `compliance` section at once, with paths. */
export function validateComplianceSection(section: unknown, path = '$.compliance'): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const error = (code: string, at: string, message: string) =>
    problems.push({ code, path: at, message, severity: 'error' });
  if (!isObject(section)) {
    error('MISSING_SECTION', path, 'a COMPLIANCE policy needs a compliance section: { checks }');
    return problems;
  }
  const checks = section.checks;
  const checksPath = jsonPath(path, 'checks');
  if (!Array.isArray(checks) || checks.length === 0) {
    error('MISSING_FIELD', checksPath, 'checks must be a non-empty list');
    return problems;
  }
  if (checks.length > MAX_COMPLIANCE_CHECKS) {
    error('TOO_MANY_CHECKS', checksPath, `a policy may have at most ${MAX_COMPLIANCE_CHECKS} checks`);
  }
  const ids = new Set<string>();
  checks.forEach((check, index) => {
    const at = jsonPath(checksPath, index);
    if (!isObject(check)) {
      error('INVALID_TYPE', at, 'a check must be an object');
      return;
    }
    if (typeof check.id !== 'string' || !ID.test(check.id)) {
      error(
        'INVALID_NAME',
        jsonPath(at, 'id'),
        'id must be letters, digits, - or _, at most 64, starting with a letter',
      );
    } else if (ids.has(check.id)) {
      error('DUPLICATE_NAME', jsonPath(at, 'id'), `two checks have the id ${check.id}`);
    } else ids.add(check.id);
    if (typeof check.description !== 'string' || check.description.trim() === '') {
      error(
        'MISSING_FIELD',
        jsonPath(at, 'description'),
        'say what the check is and its legal or policy source',
      );
    }
    if (!COMPLIANCE_CHECK_TYPES.includes(check.type as ComplianceCheckType)) {
      error(
        'INVALID_VALUE',
        jsonPath(at, 'type'),
        `type must be one of ${COMPLIANCE_CHECK_TYPES.join(', ')}`,
      );
      return;
    }
    const params = check.params;
    const paramsPath = jsonPath(at, 'params');
    if (!isObject(params)) {
      error('MISSING_FIELD', paramsPath, 'params must be an object');
      return;
    }
    const param = (name: string) => jsonPath(paramsPath, name);
    switch (check.type as ComplianceCheckType) {
      case 'INCOME_SHARE':
        if (!isInteger(params.numerator, 1, 1000))
          error('VALUE_OUT_OF_RANGE', param('numerator'), 'numerator must be a whole number from 1 to 1000');
        if (!isInteger(params.denominator, 1, 1000))
          error(
            'VALUE_OUT_OF_RANGE',
            param('denominator'),
            'denominator must be a whole number from 1 to 1000',
          );
        break;
      case 'TOTAL_LIMIT':
        if (!isCny(params.maxAmount))
          error(
            'VALUE_OUT_OF_RANGE',
            param('maxAmount'),
            'maxAmount must be CNY above 0 with at most two decimals',
          );
        break;
      case 'APR_BAND':
        if (!isInteger(params.aboveBps, 0, MAX_APR_BPS))
          error(
            'VALUE_OUT_OF_RANGE',
            param('aboveBps'),
            `aboveBps must be whole basis points from 0 to ${MAX_APR_BPS}`,
          );
        if (params.atMostBps !== undefined) {
          if (!isInteger(params.atMostBps, 0, MAX_APR_BPS))
            error(
              'VALUE_OUT_OF_RANGE',
              param('atMostBps'),
              `atMostBps must be whole basis points from 0 to ${MAX_APR_BPS}`,
            );
          else if (typeof params.aboveBps === 'number' && params.atMostBps <= params.aboveBps)
            error('VALUE_OUT_OF_RANGE', param('atMostBps'), 'atMostBps must be above aboveBps');
        }
        break;
      case 'TERM':
        if (
          params.allowedTerms !== undefined &&
          !(
            Array.isArray(params.allowedTerms) &&
            params.allowedTerms.length > 0 &&
            params.allowedTerms.every((term) => isInteger(term, 1, MAX_TERM_MONTHS))
          )
        )
          error(
            'VALUE_OUT_OF_RANGE',
            param('allowedTerms'),
            `allowedTerms must be a non-empty list of whole months from 1 to ${MAX_TERM_MONTHS}`,
          );
        break;
      case 'OVERFLOW':
        if (!(typeof params.dsrCap === 'number' && params.dsrCap > 0 && params.dsrCap <= 1))
          error('VALUE_OUT_OF_RANGE', param('dsrCap'), 'dsrCap must be above 0 and at most 1');
        if (!isInteger(params.aprBps, 0, MAX_APR_BPS))
          error(
            'VALUE_OUT_OF_RANGE',
            param('aprBps'),
            `aprBps must be whole basis points from 0 to ${MAX_APR_BPS}`,
          );
        if (!isInteger(params.termMonths, 1, MAX_TERM_MONTHS))
          error(
            'VALUE_OUT_OF_RANGE',
            param('termMonths'),
            `termMonths must be whole months from 1 to ${MAX_TERM_MONTHS}`,
          );
        break;
    }
  });
  return problems;
}

export function compileCompliance(section: ComplianceSection): CompiledCompliance {
  const problems = validateComplianceSection(section);
  if (problems.length > 0) {
    throw new PolicyError(
      'POLICY_INVALID',
      `compliance is invalid: ${problems[0].path}: ${problems[0].message}`,
      { problems },
    );
  }
  return {
    checks: section.checks.map((check): CompiledCheck => {
      const p = check.params as Record<string, number & number[]>;
      switch (check.type) {
        case 'INCOME_SHARE':
          return { id: check.id, type: check.type, numerator: p.numerator, denominator: p.denominator };
        case 'TOTAL_LIMIT':
          return { id: check.id, type: check.type, maxMinor: Math.round(p.maxAmount * 100) };
        case 'APR_BAND':
          return { id: check.id, type: check.type, aboveBps: p.aboveBps, atMostBps: p.atMostBps ?? null };
        case 'TERM':
          return {
            id: check.id,
            type: check.type,
            allowedTerms: p.allowedTerms ? [...p.allowedTerms] : null,
          };
        default:
          return {
            id: check.id,
            type: 'OVERFLOW',
            dsrCap: p.dsrCap,
            aprBps: p.aprBps,
            termMonths: p.termMonths,
          };
      }
    }),
  };
}

function minor(name: string, value: number | null, allowNull: boolean): number | null {
  if (value === null && allowNull) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new PolicyError('INVALID_ARGUMENT', `${name} must be whole fen, at least 0, got ${String(value)}`, {
      path: name,
    });
  }
  return value;
}

/**
 * Judges one borrower: every check over their active lines together (INCOME_SHARE, TOTAL_LIMIT, OVERFLOW)
 * or over each line (APR_BAND, TERM). Pure and exact: money is compared in integer fen; the affordable
 * limit is floored to the fen, as capacity is never rounded up.
 */
export function evaluateCompliance(
  compiled: CompiledCompliance,
  borrower: ComplianceBorrower,
): ComplianceFinding[] {
  const income = minor('monthlyIncomeMinor', borrower.monthlyIncomeMinor, true);
  const debt = minor('monthlyDebtServiceMinor', borrower.monthlyDebtServiceMinor, true) ?? 0;
  const lines = [...borrower.lines].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let totalMinor = 0;
  for (const line of lines) totalMinor += minor(`lines[${line.id}].limitMinor`, line.limitMinor, false) ?? 0;
  const lineIds = lines.map((line) => line.id).join(',');
  const findings: ComplianceFinding[] = [];
  const unknownIncome = (check: CompiledCheck) =>
    findings.push({
      check: check.id,
      type: check.type,
      code: 'INCOME_UNKNOWN',
      lineId: null,
      exposureMinor: totalMinor,
      facts: { totalLimitMinor: totalMinor, lines: lineIds, monthlyIncomeMinor: null },
    });
  for (const check of compiled.checks) {
    switch (check.type) {
      case 'INCOME_SHARE': {
        if (income === null) {
          unknownIncome(check);
          break;
        }
        const annualMinor = income * 12;
        // total / annual > numerator / denominator, in integers: 1/3 stays exactly 1/3
        if (totalMinor * check.denominator > annualMinor * check.numerator) {
          const allowedMinor = Math.floor((annualMinor * check.numerator) / check.denominator);
          findings.push({
            check: check.id,
            type: check.type,
            code: 'BREACH',
            lineId: null,
            exposureMinor: totalMinor,
            facts: {
              totalLimitMinor: totalMinor,
              annualIncomeMinor: annualMinor,
              monthlyIncomeMinor: income,
              share: `${check.numerator}/${check.denominator}`,
              allowedMinor,
              excessMinor: totalMinor - allowedMinor,
              lines: lineIds,
            },
          });
        }
        break;
      }
      case 'TOTAL_LIMIT':
        if (totalMinor > check.maxMinor) {
          findings.push({
            check: check.id,
            type: check.type,
            code: 'BREACH',
            lineId: null,
            exposureMinor: totalMinor,
            facts: {
              totalLimitMinor: totalMinor,
              maxMinor: check.maxMinor,
              excessMinor: totalMinor - check.maxMinor,
              lines: lineIds,
            },
          });
        }
        break;
      case 'APR_BAND':
        for (const line of lines) {
          if (line.aprBps > check.aboveBps && (check.atMostBps === null || line.aprBps <= check.atMostBps)) {
            findings.push({
              check: check.id,
              type: check.type,
              code: 'BREACH',
              lineId: line.id,
              exposureMinor: line.limitMinor,
              facts: {
                aprBps: line.aprBps,
                aboveBps: check.aboveBps,
                atMostBps: check.atMostBps,
                limitMinor: line.limitMinor,
              },
            });
          }
        }
        break;
      case 'TERM':
        for (const line of lines) {
          const allowed = check.allowedTerms ?? line.allowedTerms;
          if (line.termMonths !== null && !allowed.includes(line.termMonths)) {
            findings.push({
              check: check.id,
              type: check.type,
              code: 'BREACH',
              lineId: line.id,
              exposureMinor: line.limitMinor,
              facts: { termMonths: line.termMonths, allowedTerms: [...allowed], limitMinor: line.limitMinor },
            });
          }
        }
        break;
      case 'OVERFLOW': {
        if (income === null) {
          unknownIncome(check);
          break;
        }
        const affordable = affordableLimit(
          income / 100,
          debt / 100,
          check.dsrCap,
          check.aprBps,
          check.termMonths,
        );
        const affordableMinor = Math.max(0, Math.floor(affordable * 100));
        if (isOverflow(totalMinor, affordableMinor)) {
          findings.push({
            check: check.id,
            type: check.type,
            code: 'BREACH',
            lineId: null,
            exposureMinor: totalMinor,
            facts: {
              totalLimitMinor: totalMinor,
              affordableLimitMinor: affordableMinor,
              excessMinor: totalMinor - affordableMinor,
              monthlyIncomeMinor: income,
              monthlyDebtServiceMinor: debt,
              dsrCap: check.dsrCap,
              aprBps: check.aprBps,
              termMonths: check.termMonths,
              lines: lineIds,
            },
          });
        }
        break;
      }
    }
  }
  return findings;
}
