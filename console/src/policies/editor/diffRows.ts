import type { NamedSetDiff, PolicyDiff } from '@spillway/rules';

/** One line of a semantic diff: what changed, and its value before and after (undefined: absent). */
export interface DiffRow {
  what: string;
  before?: unknown;
  after?: unknown;
}

export type DiffSection = 'kind' | 'metadata' | 'parameters' | 'facts' | 'rules' | 'tiers' | 'sections';

function namedRows<T>(diff: NamedSetDiff<T>): DiffRow[] {
  return [
    ...diff.added.map(({ name, value }) => ({ what: name, after: value })),
    ...diff.removed.map(({ name, value }) => ({ what: name, before: value })),
    ...diff.changed.map(({ name, from, to }) => ({ what: name, before: from, after: to })),
  ];
}

const ruleSummary = (rule: { event: string; priority: number }) => `${rule.event} · ${rule.priority}`;

/** rules/' diff flattened into the rows a reviewer reads, by section; sections without changes are left out. */
export function diffSections(diff: PolicyDiff): [DiffSection, DiffRow[]][] {
  const rules: DiffRow[] = [
    ...diff.rules.added.map((rule) => ({ what: rule.name, after: ruleSummary(rule) })),
    ...diff.rules.removed.map((rule) => ({ what: rule.name, before: ruleSummary(rule) })),
    ...diff.rules.changed.flatMap((rule) => [
      ...rule.thresholds.map((threshold) => ({
        what: `${rule.name}: ${threshold.fact} ${threshold.operator}`,
        before: threshold.from,
        after: threshold.to,
      })),
      ...rule.changes.map((change) => ({
        what: `${rule.name}: ${change.path}`,
        before: change.from,
        after: change.to,
      })),
    ]),
  ];
  const changes = (list: PolicyDiff['metadata']) =>
    list.map((change) => ({ what: change.path, before: change.from, after: change.to }));
  const sections: [DiffSection, DiffRow[]][] = [
    ['kind', diff.kind ? [{ what: 'kind', before: diff.kind.from, after: diff.kind.to }] : []],
    ['metadata', changes(diff.metadata)],
    ['parameters', namedRows(diff.parameters)],
    ['facts', namedRows(diff.facts)],
    ['rules', rules],
    ['tiers', namedRows(diff.tiers)],
    ['sections', changes(diff.sections)],
  ];
  return sections.filter(([, rows]) => rows.length > 0);
}
