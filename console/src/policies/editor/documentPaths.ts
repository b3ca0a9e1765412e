/**
 * Addressing parts of a policy document: editors change it by path segments, and rules/ reports problems by
 * JSON path (`$.rules[2].conditions.all[0].value`), so both are derived from the same segments.
 */

import { isObject, type JsonObject } from '../../common/json';
import type { PolicyProblem } from '../../dataProvider/policies';

export type Segment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Text typed where a number belongs stays text until it is one, so the validator can flag it in place. */
export function numberOrText(text: string): number | string {
  return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
}

/** The items of a comma-separated list as typed. */
export function listItems(text: string): string[] {
  return text.trim() === '' ? [] : text.split(',').map((item) => item.trim());
}

/** The JSON path rules/ writes for these segments. */
export function jsonPath(segments: readonly Segment[]): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === 'number') return `${path}[${segment}]`;
    return IDENTIFIER.test(segment) ? `${path}.${segment}` : `${path}[${JSON.stringify(segment)}]`;
  }, '$');
}

/** Problems about the part at `path` or anything inside it. */
export function problemsUnder(problems: readonly PolicyProblem[], path: string): PolicyProblem[] {
  return problems.filter(
    (problem) =>
      problem.path === path || problem.path.startsWith(`${path}.`) || problem.path.startsWith(`${path}[`),
  );
}

/** Problems under none of `paths`: those no part shown at those paths will show. */
export function problemsOutside(
  problems: readonly PolicyProblem[],
  paths: readonly string[],
): PolicyProblem[] {
  return problems.filter((problem) => !paths.some((path) => problemsUnder([problem], path).length > 0));
}

export function getIn(document: unknown, segments: readonly Segment[]): unknown {
  let node = document;
  for (const segment of segments) {
    if (typeof segment === 'number' ? !Array.isArray(node) : !isObject(node)) return undefined;
    node = (node as Record<Segment, unknown>)[segment];
  }
  return node;
}

/**
 * A copy of `document` with the part at `segments` set to `value`, or removed when `value` is undefined
 * (an array item is spliced out). Missing containers on the way are created; untouched parts are shared.
 */
export function setIn(document: JsonObject, segments: readonly Segment[], value: unknown): JsonObject {
  return setNode(document, segments, value) as JsonObject;
}

function setNode(node: unknown, segments: readonly Segment[], value: unknown): unknown {
  const [segment, ...rest] = segments;
  if (segment === undefined) return value;
  if (typeof segment === 'number') {
    const items = Array.isArray(node) ? [...node] : [];
    const next = setNode(items[segment], rest, value);
    if (next === undefined) items.splice(segment, 1);
    else items[segment] = next;
    return items;
  }
  const record: JsonObject = isObject(node) ? { ...node } : {};
  const next = setNode(record[segment], rest, value);
  if (next === undefined) delete record[segment];
  else record[segment] = next;
  return record;
}

/** Renames a key of the record at `segments`, keeping its place among the others. */
export function renameIn(
  document: JsonObject,
  segments: readonly Segment[],
  from: string,
  to: string,
): JsonObject {
  const record = getIn(document, segments);
  if (!isObject(record) || from === to || !(from in record) || to in record) return document;
  const renamed = Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key === from ? to : key, value]),
  );
  return setIn(document, segments, renamed);
}
