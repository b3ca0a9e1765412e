import type { Decision } from '../dataProvider/decisions';

/** What the API lets a person approve: never above the policy's limit nor what the borrower can repay. */
export function approvalCeiling(
  decision: Pick<Decision, 'approvedLimit' | 'affordableLimit'>,
): string | null {
  const { approvedLimit, affordableLimit } = decision;
  if (approvedLimit == null) return null;
  return affordableLimit != null && Number(affordableLimit) < Number(approvedLimit)
    ? affordableLimit
    : approvedLimit;
}
