import type { CreditLine } from '../dataProvider/monitoring';

/** The limit above what the borrower can repay, exact to the fen: money arrives as decimal strings. */
export function excessOf(line: Pick<CreditLine, 'limit' | 'affordableLimit'>): string | null {
  if (line.affordableLimit == null) return null;
  const fen = (value: string) => {
    const [whole, fraction = ''] = value.split('.');
    const sign = whole.startsWith('-') ? -1n : 1n;
    return sign * (BigInt(whole.replace('-', '')) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2)));
  };
  const excess = fen(line.limit) - fen(line.affordableLimit);
  const negative = excess < 0n;
  const magnitude = negative ? -excess : excess;
  return `${negative ? '-' : ''}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}`;
}
