/** A creditworthy applicant for `decide`; `key` makes both the idempotency key and the borrower unique. */
export function applicantInput(key: string) {
  return {
    idempotencyKey: key,
    borrower: {
      externalRef: `E2E-${key}`,
      name: 'Wang Fang',
      monthlyIncome: '12000.00',
      age: 35,
      employmentMonths: 60,
    },
    application: { requestedAmount: '20000.00', termMonths: 12 },
    facts: { bureauScore: 700, multiLenderCount: 1, inquiries3m: 0, maxDpd12m: 0, monthlyDebtService: 800 },
  };
}
