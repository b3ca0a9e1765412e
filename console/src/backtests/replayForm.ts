import type { ReplayParams } from '../dataProvider/backtests';

export interface ReplayFormValues extends Record<string, unknown> {
  outcome?: string | null;
  /** Dates (YYYY-MM-DD) in the browser's time zone. */
  from?: string | null;
  to?: string | null;
  candidateVersionIds?: string[];
}

/** A local calendar day's start as the API's DateTime; `to` is exclusive, so it is the next day's start. */
function dayStart(day: string, offsetDays = 0): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date + offsetDays).toISOString();
}

/** The replay dialog's fields in replayDecisions' words: empty fields filter nothing. */
export function toReplayParams(values: ReplayFormValues): ReplayParams {
  const filter: Record<string, unknown> = {};
  if (values.outcome) filter.outcome = values.outcome;
  if (values.from) filter.from = dayStart(values.from);
  if (values.to) filter.to = dayStart(values.to, 1);
  return {
    filter,
    ...(values.candidateVersionIds?.length ? { candidateVersionIds: values.candidateVersionIds } : {}),
  };
}
