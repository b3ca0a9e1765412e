import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';
import { CountText, DateTimeText, Verbatim } from '../../common/fields';
import { EMPTY } from '../../common/format';
import { JobProgress, JobStatusChip } from '../../common/jobs';
import { RecordLink } from '../../common/RecordLink';
import { FactGrid, Figure } from '../../common/SimpleTable';
import type { Backtest } from '../../dataProvider/backtests';
import { PolicyChips } from '../fields';

/** Expectations of a regression suite and mismatches of a replay: what decides whether the run passed. */
export const Verdict = ({ backtest }: { backtest: Backtest }) => {
  const translate = useTranslate();
  return (
    <FactGrid testId="backtest-verdict">
      <Figure label="spillway.backtest.passed">
        {backtest.passed == null ? (
          EMPTY
        ) : (
          <Chip
            size="small"
            color={backtest.passed ? 'success' : 'error'}
            label={translate(backtest.passed ? 'spillway.backtest.pass' : 'spillway.backtest.fail')}
            data-passed={backtest.passed}
          />
        )}
      </Figure>
      <Figure label="spillway.backtest.expectationsChecked">
        <CountText value={backtest.expectationsChecked} />
      </Figure>
      <Figure label="spillway.backtest.regressions">
        <CountText value={backtest.regressions} />
      </Figure>
      {backtest.kind === 'REPLAY' && (
        <Figure label="spillway.backtest.mismatches">
          <span data-testid="mismatches">
            <CountText value={backtest.mismatches} />
          </span>
        </Figure>
      )}
    </FactGrid>
  );
};

/** What ran, on what, against what, by whom and when. */
export const Summary = ({ backtest }: { backtest: Backtest }) => {
  const translate = useTranslate();
  return (
    <FactGrid testId="backtest-summary">
      <Figure label="spillway.backtest.kind">{translate(`spillway.backtestKind.${backtest.kind}`)}</Figure>
      <Figure label="spillway.backtest.status">
        <JobStatusChip status={backtest.status} />
      </Figure>
      <Figure label="spillway.backtest.progress">
        <JobProgress progress={backtest.progress} done={backtest.casesDone} total={backtest.casesTotal} />
      </Figure>
      <Figure label="spillway.backtest.caseSet">
        {backtest.caseSet ? (
          <RecordLink resource="caseSets" id={backtest.caseSet.id}>
            <Verbatim>{backtest.caseSet.name}</Verbatim>
          </RecordLink>
        ) : (
          translate('spillway.backtest.recordedDecisions')
        )}
      </Figure>
      <Figure label="spillway.backtest.side.baseline">
        {backtest.kind === 'REPLAY' ? (
          translate('spillway.backtest.recordedRevisions')
        ) : (
          <PolicyChips policies={backtest.baseline ?? []} />
        )}
      </Figure>
      <Figure label="spillway.backtest.side.candidate">
        <PolicyChips policies={backtest.candidate ?? []} />
      </Figure>
      <Figure label="spillway.backtest.createdBy">
        <Verbatim>{backtest.createdBy}</Verbatim>
      </Figure>
      <Figure label="spillway.backtest.createdAt">
        <DateTimeText value={backtest.createdAt} />
      </Figure>
      <Figure label="spillway.backtest.finishedAt">
        {backtest.finishedAt ? <DateTimeText value={backtest.finishedAt} /> : EMPTY}
      </Figure>
      <Figure label="spillway.backtest.asOf">
        <DateTimeText value={backtest.asOf} />
      </Figure>
      {backtest.cancelledBy && (
        <Figure label="spillway.backtest.cancelledBy">
          <Verbatim>{backtest.cancelledBy}</Verbatim>
        </Figure>
      )}
    </FactGrid>
  );
};
