import PlayIcon from '@mui/icons-material/PlayArrow';
import { Alert, Box, Button, Divider, Stack, Typography } from '@mui/material';
import { type ReactNode, useState } from 'react';
import {
  AutocompleteInput,
  Form,
  FormDataConsumer,
  HttpError,
  NumberInput,
  RadioButtonGroupInput,
  ReferenceInput,
  required,
  SelectInput,
  TextInput,
  useDataProvider,
  useGetList,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { OutcomeChip, OverflowChip } from '../../common/chips';
import { useFactCatalog } from '../../common/factCatalog';
import { DateTimeText, MoneyText } from '../../common/fields';
import { EMPTY, formatBps } from '../../common/format';
import { ProblemList } from '../../common/ProblemList';
import { ReasonsSection } from '../../common/ReasonsSection';
import { FactGrid, Figure, Section } from '../../common/SimpleTable';
import { TraceView } from '../../common/trace/TraceView';
import type { SpillwayDataProvider } from '../../dataProvider';
import type { HistoricalCase } from '../../dataProvider/caseSets';
import type { Decision } from '../../dataProvider/decisions';
import type { PolicyProblem, PolicyVersion } from '../../dataProvider/policies';
import type { TryOutcome, TryResult } from '../../dataProvider/tryPolicy';
import { useDraftEditing } from './DraftEditing';
import { caseSource, exampleFacts, factsProblem, TRY_SOURCES, type TryFormValues } from './tryForm';

/** Outcome, limit and price of one run: the tried version's in full, the published one's for comparison. */
const ResultSummary = ({ result, testId }: { result: TryResult; testId: string }) => {
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

const DecisionOption = () => {
  const decision = useRecordContext<Decision>();
  const translate = useTranslate();
  if (!decision) return null;
  return (
    <span>
      {decision.borrower.externalRef} · {translate(`spillway.outcome.${decision.outcome}`)} ·{' '}
      <DateTimeText value={decision.decidedAt} />
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

const CaseSourceInputs = ({ source, caseSetId }: { source: TryFormValues['source']; caseSetId?: string }) => {
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

interface Tried {
  tried: TryOutcome;
  published: TryOutcome | null;
}

interface TryFailure {
  message: string;
  problems: PolicyProblem[];
}

/** POLICY_INVALID names every problem in its extensions: show them, not only the count in the message. */
function failureOf(error: unknown): TryFailure {
  const message = error instanceof Error ? error.message : String(error);
  const body =
    error instanceof HttpError
      ? (error.body as { errors?: { extensions?: { problems?: unknown } }[] })
      : null;
  const problems = body?.errors?.[0]?.extensions?.problems;
  return { message, problems: Array.isArray(problems) ? (problems as PolicyProblem[]) : [] };
}

/**
 * Runs this version (a draft as currently edited, saved or not) on one case and shows what it decides and
 * why, next to what the published version decides on the same case. Nothing is stored.
 */
export const TryPanel = ({ version }: { version: PolicyVersion }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const { document, parseError } = useDraftEditing();
  const [tried, setTried] = useState<Tried | null>(null);
  const [failure, setFailure] = useState<TryFailure | null>(null);
  const [pending, setPending] = useState(false);
  const published = version.policy.publishedVersion;
  const compareWith = published && published.id !== version.id ? published : null;

  const run = async (values: Record<string, unknown>) => {
    const testCase = caseSource(values as unknown as TryFormValues);
    const policy =
      version.status === 'DRAFT'
        ? { document, productKey: version.policy.productKey }
        : { versionId: version.id };
    setPending(true);
    setFailure(null);
    try {
      const [own, baseline] = await Promise.all([
        dataProvider.tryPolicy({ ...policy, ...testCase }),
        compareWith ? dataProvider.tryPolicy({ versionId: compareWith.id, ...testCase }) : null,
      ]);
      setTried({ tried: own.data, published: baseline?.data ?? null });
    } catch (error) {
      setTried(null);
      setFailure(failureOf(error));
    } finally {
      setPending(false);
    }
  };

  return (
    <Stack spacing={3} data-testid="try-panel">
      <Form onSubmit={run} defaultValues={{ source: 'case', requestedAmount: 20000, termMonths: 12 }}>
        <Stack spacing={1}>
          <RadioButtonGroupInput
            source="source"
            label="spillway.try.source"
            choices={TRY_SOURCES.map((id) => ({ id, name: `spillway.try.sources.${id}` }))}
          />
          <FormDataConsumer<TryFormValues>>
            {({ formData }) => <CaseSourceInputs source={formData.source} caseSetId={formData.caseSetId} />}
          </FormDataConsumer>
          <Box>
            <Button
              type="submit"
              variant="contained"
              startIcon={<PlayIcon />}
              disabled={pending || parseError !== null}
            >
              {translate('spillway.try.run')}
            </Button>
          </Box>
        </Stack>
      </Form>
      {failure && (
        <Stack spacing={1}>
          <Alert severity="error" data-testid="try-error">
            {failure.message}
          </Alert>
          <ProblemList problems={failure.problems} />
        </Stack>
      )}
      {tried && (
        <Stack spacing={3} divider={<Divider flexItem />} data-testid="try-result">
          <ResultSummary result={tried.tried.result} testId="try-outcome" />
          {tried.published && compareWith && (
            <Box>
              <Typography variant="subtitle2" gutterBottom>
                {translate('spillway.try.published', { number: compareWith.number })}
              </Typography>
              <ResultSummary result={tried.published.result} testId="try-published-outcome" />
            </Box>
          )}
          <ReasonsSection name="try-reasons" reasons={tried.tried.result.reasons} />
          {tried.tried.problems.length > 0 && <ProblemList problems={tried.tried.problems} />}
          <Section title="resources.decisions.fields.trace">
            <TraceView trace={tried.tried.trace} />
          </Section>
        </Stack>
      )}
    </Stack>
  );
};
