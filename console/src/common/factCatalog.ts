import { useCallback, useMemo } from 'react';
import { useGetList, useTranslate } from 'react-admin';
import type { FactDefinition } from '../dataProvider/policies';

/** The whole catalog: the API returns it at once and it never changes while the console runs. */
export function useFactCatalog(): FactDefinition[] {
  const { data } = useGetList<FactDefinition>(
    'facts',
    { pagination: { page: 1, perPage: 1000 } },
    { staleTime: Number.POSITIVE_INFINITY },
  );
  return data ?? [];
}

/** A catalog fact's unit by name (CNY, fraction, days...), for formatting its values. */
export function useFactUnits(): (name: string) => string | null {
  const catalog = useFactCatalog();
  return useMemo(() => {
    const units = new Map(catalog.map((fact) => [fact.name, fact.unit]));
    return (name: string) => units.get(name) ?? null;
  }, [catalog]);
}

/** A fact's short name in the console's language; the fact's own name when the catalog has none for it. */
export function useFactLabel(): (name: string) => string {
  const translate = useTranslate();
  return useCallback((name: string) => translate(`spillway.factLabel.${name}`, { _: name }), [translate]);
}
