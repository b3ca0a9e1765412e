import { useTranslate } from 'react-admin';
import { OutcomeChip, OverflowChip } from '../../common/chips';
import { MoneyText } from '../../common/fields';
import { EMPTY, formatBps } from '../../common/format';
import { FactGrid, Figure } from '../../common/SimpleTable';
import type { TryResult } from '../../dataProvider/tryPolicy';

/** Outcome, limit and price of one run: the tried version's in full, the published one's for comparison. */
export const ResultSummary = ({ result, testId }: { result: TryResult; testId: string }) => {
  const translate = useTranslate();
  return (
    <FactGrid testId={testId}>
      <Figure label="resources.decisions.fields.outcome">
        <OutcomeChip outcome={result.outcome} />
      </Figure>
      <Figure label="resources.decisions.fields.approvedLimit">
        <MoneyText value={result.approvedLimit} />
      </Figure>
      <Figure label="resources.decisions.fields.aprBps">
        {result.aprBps == null ? EMPTY : formatBps(result.aprBps)}
      </Figure>
      <Figure label="resources.decisions.fields.termMonths">
        {result.termMonths == null
          ? EMPTY
          : translate('spillway.units.months', { smart_count: result.termMonths })}
      </Figure>
      <Figure label="resources.decisions.fields.riskTier">{result.riskTier ?? EMPTY}</Figure>
      <Figure label="resources.decisions.fields.affordableLimit">
        <MoneyText value={result.affordableLimit} />
      </Figure>
      {result.overflow !== undefined && (
        <Figure label="resources.decisions.fields.overflow">
          <OverflowChip overflow={result.overflow} />
        </Figure>
      )}
    </FactGrid>
  );
};
