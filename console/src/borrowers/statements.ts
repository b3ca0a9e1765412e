/** One monthly statement of a credit line, as the servicing system reported it (money as decimal strings). */
export interface Statement {
  month: string;
  billed: string | null;
  paid: string | null;
  delayMonths: number | null;
}

const text = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : null;

/**
 * The statements in a line's `history` (`{ statements: [{ month, billed, paid, delayMonths }] }`, newest
 * first). The field is free-form JSON from another system: anything else yields no rows rather than a crash.
 */
export function statementsOf(history: Record<string, unknown> | null | undefined): Statement[] {
  const statements = history?.statements;
  if (!Array.isArray(statements)) return [];
  return statements
    .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    .map((item) => ({
      month: text(item.month) ?? '',
      billed: text(item.billed),
      paid: text(item.paid),
      delayMonths: typeof item.delayMonths === 'number' ? item.delayMonths : null,
    }));
}
