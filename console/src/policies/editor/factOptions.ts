import { scorecardFacts } from '@spillway/rules';
import { useMemo } from 'react';
import { useTranslate } from 'react-admin';
import { useFactCatalog, useFactLabel } from '../../common/factCatalog';
import { isObject, type JsonObject } from '../../common/json';
import type { FactDefinition } from '../../dataProvider/policies';
import { useDraftEditing } from './DraftEditing';

/** A fact a condition may compare: from the catalog, derived in the document, or unknown (flagged). */
export interface FactOption {
  name: string;
  label: string;
  type: string | undefined;
  /** A catalog source (application, profile, bureau, behaviour, derived), `document` or `unknown`. */
  source: string;
}

/** Every fact name the document's conditions compare, on either side. */
export function referencedFacts(document: JsonObject): string[] {
  const names = new Set<string>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isObject(node)) {
      if (typeof node.fact === 'string') names.add(node.fact);
      Object.values(node).forEach(visit);
    }
  };
  if (Array.isArray(document.rules))
    for (const rule of document.rules) if (isObject(rule)) visit(rule.conditions);
  return [...names];
}

/**
 * The facts the builder offers: the catalog, the document's own derived facts, and any other name a
 * condition uses, so that the menus can show it while the validator flags it.
 */
export function factOptions(
  catalog: FactDefinition[],
  document: JsonObject,
  label: (fact: Pick<FactDefinition, 'name' | 'unit'>) => string = (fact) =>
    fact.unit ? `${fact.name} (${fact.unit})` : fact.name,
): FactOption[] {
  const options: FactOption[] = catalog.map((fact) => ({
    name: fact.name,
    label: label(fact),
    type: fact.type,
    source: fact.source,
  }));
  const known = new Set(options.map((option) => option.name));
  const derived = isObject(document.facts) ? document.facts : {};
  for (const [name, spec] of Object.entries(derived)) {
    if (known.has(name)) continue;
    known.add(name);
    const type = isObject(spec) && spec.type === 'boolean' ? 'boolean' : 'number';
    options.push({ name, label: name, type, source: 'document' });
  }
  // A scorecard of the document yields its score, bad probability and missing count as facts.
  const cards = isObject(document.scorecards) ? Object.keys(document.scorecards) : [];
  for (const card of cards) {
    for (const name of Object.values(scorecardFacts(card))) {
      if (known.has(name)) continue;
      known.add(name);
      options.push({ name, label: name, type: 'number', source: 'document' });
    }
  }
  for (const name of referencedFacts(document)) {
    if (!known.has(name)) options.push({ name, label: name, type: undefined, source: 'unknown' });
  }
  return options;
}

/** The builder's facts, each named in the console's language with its unit: "征信评分 (分)". */
export function useFactOptions(): FactOption[] {
  const catalog = useFactCatalog();
  const { document } = useDraftEditing();
  const translate = useTranslate();
  const factLabel = useFactLabel();
  return useMemo(() => {
    const label = (fact: Pick<FactDefinition, 'name' | 'unit'>) => {
      const name = factLabel(fact.name);
      return fact.unit ? `${name} (${translate(`spillway.unit.${fact.unit}`, { _: fact.unit })})` : name;
    };
    return factOptions(catalog, document, label);
  }, [catalog, document, factLabel, translate]);
}
