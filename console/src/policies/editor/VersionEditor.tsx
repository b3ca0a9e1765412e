import { Alert, Box, Card, Chip, Stack, Tab, Tabs } from '@mui/material';
import { type ComponentType, useState } from 'react';
import { Loading, Title, useGetOne, useTranslate } from 'react-admin';
import { useParams } from 'react-router';
import { ProblemList } from '../../common/ProblemList';
import type { PolicyVersion } from '../../dataProvider/policies';
import { NewDraftButton } from '../workflow/PolicyButtons';
import { VersionWorkflow } from '../workflow/VersionWorkflow';
import { BacktestTab } from './BacktestTab';
import { DiffTab } from './DiffTab';
import { DraftEditingProvider } from './DraftEditing';
import { FactsTab } from './FactsTab';
import { GridTab } from './GridTab';
import { JsonTab } from './JsonTab';
import { PolicyTab } from './PolicyTab';
import { ReasonsTab } from './ReasonsTab';
import { RulesTab } from './RulesTab';
import { SaveButton } from './SaveButton';
import { ScorecardsTab } from './ScorecardsTab';
import { TryPanel } from './TryPanel';
import { useVersionEditing } from './useVersionEditing';
import { VersionHeader } from './VersionHeader';

interface EditorTab {
  id: string;
  Panel: ComponentType<{ version: PolicyVersion }>;
}

/**
 * The editor's tabs, in order. Each is a panel over the same draft (through DraftEditingProvider), so a
 * new one, such as backtests of this version, is one more entry here.
 */
const EDITOR_TABS: EditorTab[] = [
  { id: 'grid', Panel: GridTab },
  { id: 'rules', Panel: RulesTab },
  { id: 'scorecards', Panel: ScorecardsTab },
  { id: 'facts', Panel: FactsTab },
  { id: 'policy', Panel: PolicyTab },
  { id: 'reasons', Panel: ReasonsTab },
  { id: 'json', Panel: JsonTab },
  { id: 'diff', Panel: DiffTab },
  { id: 'try', Panel: TryPanel },
  { id: 'backtest', Panel: BacktestTab },
];

const Editor = ({ version }: { version: PolicyVersion }) => {
  const translate = useTranslate();
  const [tab, setTab] = useState('grid');
  const { draft, editable, problems, editing } = useVersionEditing(version);
  const Panel = (EDITOR_TABS.find((candidate) => candidate.id === tab) ?? EDITOR_TABS[0]).Panel;
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  return (
    <DraftEditingProvider value={editing}>
      <Stack spacing={2} sx={{ mt: 2 }}>
        <VersionHeader version={version} />
        <Stack
          direction="row"
          spacing={1}
          sx={{ alignItems: 'center', flexWrap: 'wrap' }}
          data-testid="version-actions"
        >
          {editable && (
            <SaveButton
              version={version}
              document={draft.document}
              disabled={!draft.changed || draft.parseError !== null}
            />
          )}
          <VersionWorkflow version={version} unsaved={draft.changed} errors={errors} />
          {version.status !== 'DRAFT' && <NewDraftButton policy={version.policy} from={version} />}
          {draft.changed && (
            <Chip
              size="small"
              color="warning"
              label={translate('spillway.editor.unsaved')}
              data-testid="unsaved"
            />
          )}
          <Chip
            size="small"
            variant="outlined"
            color={errors > 0 ? 'error' : 'success'}
            data-testid="validation-summary"
            label={translate(errors > 0 ? 'spillway.editor.invalid' : 'spillway.editor.valid', {
              smart_count: errors,
            })}
            title={translate(
              draft.changed ? 'spillway.editor.checkedLocally' : 'spillway.editor.checkedByApi',
            )}
          />
        </Stack>
        {version.status === 'DRAFT' && !editable && (
          <Alert severity="info">{translate('spillway.editor.readOnly')}</Alert>
        )}
        {version.reviewNote && (
          <Alert severity={version.status === 'REJECTED' ? 'warning' : 'info'}>
            {translate('spillway.version.reviewNote', { note: version.reviewNote })}
          </Alert>
        )}
        <Card variant="outlined">
          <Tabs value={tab} onChange={(_event, value: string) => setTab(value)} variant="scrollable">
            {EDITOR_TABS.map((candidate) => (
              <Tab
                key={candidate.id}
                value={candidate.id}
                label={translate(`spillway.editor.tab.${candidate.id}`)}
                data-testid={`tab-${candidate.id}`}
              />
            ))}
          </Tabs>
          <Box sx={{ p: 2 }}>
            <Panel version={version} />
          </Box>
        </Card>
        {tab !== 'json' && <ProblemList problems={problems} />}
      </Stack>
    </DraftEditingProvider>
  );
};

/** A policy version: edited while it is a draft its reader may change, read otherwise; tried and diffed always. */
export const VersionEditor = () => {
  const { versionId } = useParams();
  const translate = useTranslate();
  const {
    data: version,
    error,
    isPending,
  } = useGetOne<PolicyVersion>('policyVersions', { id: String(versionId) });
  if (isPending) return <Loading />;
  if (error || !version)
    return <Alert severity="error">{error?.message ?? translate('ra.page.not_found')}</Alert>;
  return (
    <>
      <Title
        title={translate('spillway.version.title', {
          kind: translate(`spillway.policyKind.${version.policy.kind}`),
          number: version.number,
        })}
      />
      <Editor version={version} />
    </>
  );
};
