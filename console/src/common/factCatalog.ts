import { useGetList } from 'react-admin';
import type { FactDefinition } from '../dataProvider/policies';

/** The whole catalog: the API returns it at once and it never changes while the console runs. */
export function useFactCatalog(): FactDefinition[] {
  const { data } = useGetList<FactDefinition>('facts', { pagination: { page: 1, perPage: 1000 } });
  return data ?? [];
}
