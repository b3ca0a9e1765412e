import { OutcomeChip, OverflowChip } from '../../common/chips';
import { AprText, MoneyText, MonthsText } from '../../common/fields';
import { EMPTY } from '../../common/format';
import { FactGrid, Figure } from '../../common/SimpleTable';
import type { TryResult } from '../../dataProvider/tryPolicy';

/** Outcome, limit and price of one run: the tried version's in full, the published one's for comparison. */
export const ResultSummary = ({ result, testId }: { result: TryResult; testId: string }) => {
  return (
    <FactGrid testId={testId}>
      <Figure label="resources.decisions.fields.outcome">
        <OutcomeChip outcome={result.outcome} />
      </Figure>
      <Figure label="resources.decisions.fields.approvedLimit">
        <MoneyText value={result.approvedLimit} />
      </Figure>
      <Figure label="resources.decisions.fields.aprBps">
        <AprText bps={result.aprBps} />
      </Figure>
      <Figure label="resources.decisions.fields.termMonths">
        <MonthsText value={result.termMonths} />
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
