import { Stack } from '@mui/material';
import type { ReactNode } from 'react';
import {
  AutocompleteInput,
  NumberInput,
  ReferenceInput,
  required,
  SelectInput,
  TextInput,
  useGetList,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useFactCatalog } from '../../common/factCatalog';
import { DateTimeText, Verbatim } from '../../common/fields';
import type { HistoricalCase } from '../../dataProvider/caseSets';
import type { Decision } from '../../dataProvider/decisions';
import { exampleFacts, factsProblem, type TryFormValues } from './tryForm';

const DecisionOption = () => {
  const decision = useRecordContext<Decision>();
  const translate = useTranslate();
  if (!decision) return null;
  return (
    <span>
      <Verbatim>{decision.borrower.externalRef}</Verbatim> ·{' '}
      {translate(`spillway.outcome.${decision.outcome}`)} · <DateTimeText value={decision.decidedAt} />
    </span>
  );
};

const caseLabel = (item: HistoricalCase) =>
  `#${item.line}${item.externalRef ? ` · ${item.externalRef}` : ''}`;

/** The first page of a case set's cases: the API offers no search among them. */
const CaseInput = ({ caseSetId }: { caseSetId: string | undefined }) => {
  const { data, isPending } = useGetList<HistoricalCase>(
    'cases',
    { filter: { caseSetId }, pagination: { page: 1, perPage: 100 } },
    { enabled: Boolean(caseSetId) },
  );
  return (
    <SelectInput
      source="caseId"
      label="spillway.try.case"
      choices={data ?? []}
      optionText={caseLabel}
      isPending={Boolean(caseSetId) && isPending}
      disabled={!caseSetId}
      validate={required()}
    />
  );
};

const InputRow = ({ children }: { children: ReactNode }) => (
  <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap' }}>
    {children}
  </Stack>
);

/** What to try the version on: a historical case, a stored decision, a borrower with an application, or typed facts. */
export const CaseSourceInputs = ({
  source,
  caseSetId,
}: {
  source: TryFormValues['source'];
  caseSetId?: string;
}) => {
  const catalog = useFactCatalog();
  switch (source) {
    case 'case':
      return (
        <InputRow>
          <ReferenceInput source="caseSetId" reference="caseSets">
            <SelectInput optionText="name" label="spillway.try.caseSet" validate={required()} />
          </ReferenceInput>
          <CaseInput caseSetId={caseSetId} />
        </InputRow>
      );
    case 'decision':
      return (
        <ReferenceInput source="decisionId" reference="decisions" perPage={50}>
          <SelectInput optionText={<DecisionOption />} label="spillway.try.decision" validate={required()} />
        </ReferenceInput>
      );
    case 'borrower':
      return (
        <InputRow>
          <ReferenceInput source="borrowerId" reference="borrowers">
            <AutocompleteInput optionText="externalRef" label="spillway.try.borrower" validate={required()} />
          </ReferenceInput>
          <NumberInput
            source="requestedAmount"
            label="resources.decisions.fields.application.requestedAmount"
            validate={required()}
          />
          <NumberInput
            source="termMonths"
            label="resources.decisions.fields.application.termMonths"
            validate={required()}
          />
        </InputRow>
      );
    case 'facts':
      return (
        <TextInput
          source="facts"
          label="spillway.try.facts"
          multiline
          minRows={8}
          defaultValue={exampleFacts(catalog)}
          validate={(text: string) => factsProblem(text)}
          sx={{ '& textarea': { fontFamily: 'monospace' } }}
        />
      );
  }
};
