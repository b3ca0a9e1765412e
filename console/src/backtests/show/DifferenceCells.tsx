import { Chip, Stack, Typography } from '@mui/material';
import type { DecisionSummary, FieldDifference } from '@spillway/rules';
import { useTranslate } from 'react-admin';
import { OutcomeChip } from '../../common/chips';
import { AprText, MoneyText, Verbatim } from '../../common/fields';
import { RecordLink } from '../../common/RecordLink';
import type { BacktestDifference } from '../../dataProvider/backtests';

/** Outcome, limit and APR of one side of a difference, in one cell. */
export const SummaryCell = ({ summary }: { summary: DecisionSummary }) => (
  <Stack spacing={0.5}>
    <OutcomeChip outcome={summary.outcome} />
    <Typography variant="caption">
      <MoneyText value={summary.approvedLimit} />
      {summary.aprBps == null ? '' : ' · '}
      {summary.aprBps == null ? null : <AprText bps={summary.aprBps} />}
      {summary.riskTier ? ` · ${summary.riskTier}` : ''}
    </Typography>
  </Stack>
);

const fieldDifferences = (differences: FieldDifference[]) =>
  differences.map((difference) => (
    <Typography
      key={difference.field}
      variant="caption"
      component="div"
      translate="no"
      sx={{ fontFamily: 'monospace' }}
    >
      {`${difference.field}: ${JSON.stringify(difference.expected)} → ${JSON.stringify(difference.actual)}`}
    </Typography>
  ));

/** A regression (missed expectation) or a mismatch (replay), with the fields that differ. */
const Flag = ({ flag, differences }: { flag: 'regression' | 'mismatch'; differences: FieldDifference[] }) => {
  const translate = useTranslate();
  return (
    <>
      <Chip size="small" color="error" label={translate(`spillway.backtest.${flag}`)} data-flag={flag} />
      {fieldDifferences(differences)}
    </>
  );
};

export const DifferenceFlags = ({ record }: { record: BacktestDifference }) => (
  <Stack spacing={0.5}>
    {record.regression && <Flag flag="regression" differences={record.expectationFailures ?? []} />}
    {record.mismatch && <Flag flag="mismatch" differences={record.mismatches ?? []} />}
  </Stack>
);

/** The replayed decision, linked; or the case's line in its file and its reference. */
export const CaseCell = ({ record }: { record: BacktestDifference }) => {
  if (record.decisionId)
    return (
      <RecordLink resource="decisions" id={record.decisionId}>
        <Verbatim>{record.externalRef ?? record.decisionId.slice(0, 8)}</Verbatim>
      </RecordLink>
    );
  return (
    <Verbatim>{`${record.line == null ? '' : `#${record.line}`}${record.externalRef ? ` · ${record.externalRef}` : ''}`}</Verbatim>
  );
};
