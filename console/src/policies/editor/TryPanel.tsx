import PlayIcon from '@mui/icons-material/PlayArrow';
import { Alert, Box, Button, Stack } from '@mui/material';
import { useState } from 'react';
import { Form, FormDataConsumer, RadioButtonGroupInput, useDataProvider, useTranslate } from 'react-admin';
import { apiFailure } from '../../common/errors';
import { ProblemList } from '../../common/ProblemList';
import type { SpillwayDataProvider } from '../../dataProvider';
import type { PolicyVersion } from '../../dataProvider/policies';
import { useDraftEditing } from './DraftEditing';
import { CaseSourceInputs } from './TryInputs';
import { type Tried, TryResultView } from './TryResult';
import { caseSource, TRY_SOURCES, type TryFormValues } from './tryForm';

/** POLICY_INVALID names every problem in its extensions: show them, not only the count in the message. */
type TryFailure = Pick<ReturnType<typeof apiFailure>, 'message' | 'problems'>;

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
      setFailure(apiFailure(error));
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
            {failure.problems.length > 0
              ? translate('spillway.editor.invalid', {
                  smart_count: failure.problems.filter((problem) => problem.severity === 'error').length,
                })
              : failure.message}
          </Alert>
          <ProblemList problems={failure.problems} />
        </Stack>
      )}
      {tried && <TryResultView tried={tried} compareWith={compareWith} />}
    </Stack>
  );
};
