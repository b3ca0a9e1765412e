/** Fen as the decimal string money travels as: exact, no float division. */
export function minorToDecimal(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const absolute = Math.abs(minor);
  return `${sign}${Math.trunc(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

export type FactValue =
  | { kind: 'money'; value: string }
  | { kind: 'bps'; value: number }
  | { kind: 'months'; value: number }
  | { kind: 'ratio'; value: number }
  | { kind: 'text'; value: string };

/**
 * A finding's evidence as rows a person reads: amounts in fen (`...Minor`) become money, basis points a rate,
 * the rest as it is. `lines` (the ids judged together) is left to the page's own line links.
 */
export function factRows(facts: Record<string, unknown>): { name: string; value: FactValue }[] {
  return Object.entries(facts)
    .filter(([name]) => name !== 'lines')
    .map(([name, raw]) => {
      if (name.endsWith('Minor') && typeof raw === 'number')
        return { name: name.slice(0, -'Minor'.length), value: { kind: 'money', value: minorToDecimal(raw) } };
      if (name.endsWith('Bps') && typeof raw === 'number')
        return { name, value: { kind: 'bps', value: raw } };
      if (name === 'termMonths' && typeof raw === 'number')
        return { name, value: { kind: 'months', value: raw } };
      if (name === 'dsrCap' && typeof raw === 'number') return { name, value: { kind: 'ratio', value: raw } };
      if (name.endsWith('Minor') && raw === null)
        return { name: name.slice(0, -'Minor'.length), value: { kind: 'text', value: '' } };
      return {
        name,
        value: { kind: 'text', value: Array.isArray(raw) ? raw.join(', ') : String(raw ?? '') },
      };
    });
}
