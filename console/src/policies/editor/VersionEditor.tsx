import SaveIcon from '@mui/icons-material/Save';
import {
  Alert,
  Box,
  Breadcrumbs,
  Button,
  Card,
  Chip,
  Link,
  Stack,
  Tab,
  Tabs,
  Typography,
} from '@mui/material';
import { validatePolicy } from '@spillway/rules';
import { type ComponentType, useMemo, useState } from 'react';
import {
  Loading,
  Title,
  useCreatePath,
  useDataProvider,
  useGetOne,
  useNotify,
  usePermissions,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { Link as RouterLink, useParams } from 'react-router';
import type { JsonObject } from '../../common/json';
import { ProblemList } from '../../common/ProblemList';
import type { SpillwayDataProvider } from '../../dataProvider';
import type { PolicyProblem, PolicyVersion } from '../../dataProvider/policies';
import { canDo } from '../../permissions';
import { VersionStatusChip } from '../fields';
import { NewDraftButton } from '../workflow/PolicyButtons';
import { VersionWorkflow } from '../workflow/VersionWorkflow';
import { BacktestTab } from './BacktestTab';
import { DiffTab } from './DiffTab';
import { type DraftEditing, DraftEditingProvider } from './DraftEditing';
import { renameIn, setIn } from './documentPaths';
import { FactsTab } from './FactsTab';
import { JsonTab } from './JsonTab';
import { PolicyTab } from './PolicyTab';
import { ReasonsTab } from './ReasonsTab';
import { RulesTab } from './RulesTab';
import { TryPanel } from './TryPanel';
import { useDraftDocument } from './useDraftDocument';

interface EditorTab {
  id: string;
  Panel: ComponentType<{ version: PolicyVersion }>;
}

/**
 * The editor's tabs, in order. Each is a panel over the same draft (through DraftEditingProvider), so a
 * new one, such as backtests of this version, is one more entry here.
 */
const EDITOR_TABS: EditorTab[] = [
  { id: 'rules', Panel: RulesTab },
  { id: 'facts', Panel: FactsTab },
  { id: 'policy', Panel: PolicyTab },
  { id: 'reasons', Panel: ReasonsTab },
  { id: 'json', Panel: JsonTab },
  { id: 'diff', Panel: DiffTab },
  { id: 'try', Panel: TryPanel },
  { id: 'backtest', Panel: BacktestTab },
];

const Header = ({ version }: { version: PolicyVersion }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const kind = translate(`spillway.policyKind.${version.policy.kind}`);
  return (
    <Stack spacing={1}>
      <Breadcrumbs>
        <Link component={RouterLink} to={createPath({ resource: 'policies', type: 'list' })}>
          {translate('resources.policies.name', { smart_count: 2 })}
        </Link>
        <Link
          component={RouterLink}
          to={createPath({ resource: 'policies', id: version.policy.id, type: 'show' })}
        >
          {translate('spillway.policy.title', { kind, product: version.policy.productKey })}
        </Link>
        <Typography color="text.primary">v{version.number}</Typography>
      </Breadcrumbs>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1">
          {translate('spillway.version.title', { kind, number: version.number })}
        </Typography>
        <span data-testid="version-status">
          <VersionStatusChip status={version.status} />
        </span>
        <Typography variant="caption" sx={{ fontFamily: 'monospace' }} title={version.revision}>
          {version.revision.slice(0, 12)}
        </Typography>
        {version.basedOnNumber != null && (
          <Typography variant="caption" color="text.secondary">
            {translate('spillway.version.basedOn', { number: version.basedOnNumber })}
          </Typography>
        )}
      </Stack>
    </Stack>
  );
};

/** Saves the edited document over the stored draft; a draft changed meanwhile is the API's CONFLICT. */
const SaveButton = ({
  version,
  document,
  disabled,
}: {
  version: PolicyVersion;
  document: JsonObject;
  disabled: boolean;
}) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [pending, setPending] = useState(false);
  const save = async () => {
    setPending(true);
    try {
      await dataProvider.updateDraft({
        versionId: version.id,
        document,
        expectedLockVersion: version.lockVersion,
      });
      notify('spillway.editor.saved', { type: 'success' });
      refresh();
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    } finally {
      setPending(false);
    }
  };
  return (
    <Button
      variant="contained"
      size="small"
      startIcon={<SaveIcon />}
      onClick={save}
      disabled={disabled || pending}
    >
      {translate('ra.action.save')}
    </Button>
  );
};

const Editor = ({ version }: { version: PolicyVersion }) => {
  const translate = useTranslate();
  const { permissions } = usePermissions();
  const [tab, setTab] = useState('rules');
  const draft = useDraftDocument(version.document, `${version.id}:${version.lockVersion}`);
  const editable = version.status === 'DRAFT' && canDo(permissions, 'editPolicy');
  // Before a save, rules/ checks in the browser; once saved, the API's answer (which also knows the document
  // must keep its policy's kind) is the one shown.
  const localValidation = useMemo(() => validatePolicy(draft.document), [draft.document]);
  const problems: PolicyProblem[] = useMemo(() => {
    const { errors, warnings } = draft.changed ? localValidation : version.validation;
    return [...errors, ...warnings];
  }, [draft.changed, localValidation, version.validation]);
  const { editDocument, editText } = draft;
  const editing: DraftEditing = useMemo(
    () => ({
      document: draft.document,
      kind: version.policy.kind,
      // A document that does not parse is shown as last parsed, and not changed around the broken text.
      readOnly: !editable || draft.parseError !== null,
      problems,
      edit: (path, value) => editDocument((document) => setIn(document, path, value)),
      rename: (path, from, to) => editDocument((document) => renameIn(document, path, from, to)),
      text: draft.text,
      parseError: draft.parseError,
      editText,
      unsaved: draft.changed,
    }),
    [
      draft.changed,
      draft.document,
      draft.text,
      draft.parseError,
      version.policy.kind,
      editable,
      problems,
      editDocument,
      editText,
    ],
  );
  const Panel = (EDITOR_TABS.find((candidate) => candidate.id === tab) ?? EDITOR_TABS[0]).Panel;
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  return (
    <DraftEditingProvider value={editing}>
      <Stack spacing={2} sx={{ mt: 2 }}>
        <Header version={version} />
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
          <VersionWorkflow version={version} unsaved={draft.changed} />
          {version.status !== 'DRAFT' && <NewDraftButton policy={version.policy} from={version} />}
          {draft.changed && (
            <Chip size="small" color="warning" label={translate('spillway.editor.unsaved')} />
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
