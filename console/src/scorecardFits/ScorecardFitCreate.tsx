import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import {
  Alert,
  Autocomplete,
  Button,
  Card,
  CardContent,
  IconButton,
  MenuItem,
  Stack,
  Step,
  StepLabel,
  Stepper,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { Title, useCreatePath, useDataProvider, useGetList, usePermissions, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router';
import { apiFailure } from '../common/errors';
import { useFactCatalog, useFactLabel } from '../common/factCatalog';
import { useIsSmall } from '../common/lists';
import type { SpillwayDataProvider } from '../dataProvider';
import type { CaseSet } from '../dataProvider/caseSets';
import type { Policy } from '../dataProvider/policies';
import { canDo } from '../permissions';
import {
  candidateFacts,
  candidatesOf,
  emptyFitForm,
  type FitForm,
  fitParams,
  OBSERVED_DEFAULT,
  outcomeFacts,
} from './fitForm';

const STEPS = ['caseSet', 'outcome', 'characteristics', 'split'] as const;

type Change = (patch: Partial<FitForm>) => void;

const CaseSetStep = ({ form, onChange }: { form: FitForm; onChange: Change }) => {
  const translate = useTranslate();
  const { data: caseSets = [] } = useGetList<CaseSet>('caseSets', { pagination: { page: 1, perPage: 100 } });
  const { data: policies = [] } = useGetList<Policy>('policies', { pagination: { page: 1, perPage: 100 } });
  return (
    <Stack spacing={2}>
      <TextField
        select
        label={translate('spillway.fit.caseSet')}
        value={form.caseSetId}
        onChange={(event) => onChange({ caseSetId: event.target.value })}
        slotProps={{ htmlInput: { 'data-testid': 'fit-case-set' } }}
      >
        {caseSets.map((caseSet) => (
          <MenuItem key={caseSet.id} value={caseSet.id} translate="no">
            {caseSet.name}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label={translate('spillway.fit.policy')}
        helperText={translate('spillway.fit.policyHelp')}
        value={form.policyId}
        onChange={(event) => onChange({ policyId: event.target.value })}
      >
        <MenuItem value="">{translate('spillway.fit.defaultPolicy')}</MenuItem>
        {policies.map((policy) => (
          <MenuItem key={policy.id} value={policy.id}>
            {translate(`spillway.policyKind.${policy.kind}`)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        label={translate('spillway.fit.name')}
        helperText={translate('spillway.fit.nameHelp', { name: form.name || '…' })}
        value={form.name}
        onChange={(event) => onChange({ name: event.target.value })}
        slotProps={{ htmlInput: { translate: 'no', style: { fontFamily: 'monospace' } } }}
      />
    </Stack>
  );
};

const OutcomeStep = ({ form, onChange }: { form: FitForm; onChange: Change }) => {
  const translate = useTranslate();
  const factLabel = useFactLabel();
  const catalog = useFactCatalog();
  return (
    <TextField
      select
      label={translate('spillway.fit.outcome')}
      helperText={translate('spillway.fit.outcomeHelp')}
      value={form.outcome}
      onChange={(event) => onChange({ outcome: event.target.value })}
    >
      <MenuItem value={OBSERVED_DEFAULT}>{translate('spillway.fit.observedDefault')}</MenuItem>
      {outcomeFacts(catalog).map((fact) => (
        <MenuItem key={fact.name} value={fact.name}>
          {factLabel(fact.name)}
        </MenuItem>
      ))}
    </TextField>
  );
};

const CharacteristicsStep = ({ form, onChange }: { form: FitForm; onChange: Change }) => {
  const translate = useTranslate();
  const factLabel = useFactLabel();
  const catalog = useFactCatalog();
  const names = candidateFacts(catalog).map((fact) => fact.name);
  const setDerived = (index: number, patch: Partial<FitForm['derived'][number]>) =>
    onChange({ derived: form.derived.map((row, at) => (at === index ? { ...row, ...patch } : row)) });
  return (
    <Stack spacing={2}>
      <Autocomplete
        multiple
        options={names}
        value={form.facts}
        onChange={(_event, facts) => onChange({ facts })}
        getOptionLabel={factLabel}
        renderInput={(params) => (
          <TextField
            {...params}
            label={translate('spillway.fit.facts')}
            helperText={translate('spillway.fit.factsHelp')}
            slotProps={{
              ...params.slotProps,
              htmlInput: { ...params.slotProps.htmlInput, 'data-testid': 'fit-facts' },
            }}
          />
        )}
      />
      <Typography variant="subtitle2">{translate('spillway.fit.derived')}</Typography>
      {form.derived.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are typed in place; a removed one shifts the rest
        <Stack key={index} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <TextField
            size="small"
            label={translate('spillway.fit.derivedName')}
            value={row.name}
            onChange={(event) => setDerived(index, { name: event.target.value })}
            slotProps={{ htmlInput: { translate: 'no', style: { fontFamily: 'monospace' } } }}
          />
          <TextField
            size="small"
            sx={{ flexGrow: 1 }}
            label={translate('spillway.fit.expression')}
            value={row.expression}
            onChange={(event) => setDerived(index, { expression: event.target.value })}
            slotProps={{ htmlInput: { translate: 'no', style: { fontFamily: 'monospace' } } }}
          />
          <IconButton
            aria-label={translate('ra.action.remove')}
            onClick={() => onChange({ derived: form.derived.filter((_row, at) => at !== index) })}
          >
            <DeleteIcon />
          </IconButton>
        </Stack>
      ))}
      <Button
        startIcon={<AddIcon />}
        sx={{ alignSelf: 'flex-start' }}
        onClick={() => onChange({ derived: [...form.derived, { name: '', expression: '' }] })}
      >
        {translate('spillway.fit.addDerived')}
      </Button>
    </Stack>
  );
};

const SplitStep = ({ form, onChange }: { form: FitForm; onChange: Change }) => {
  const translate = useTranslate();
  return (
    <Stack spacing={2}>
      <TextField
        type="number"
        label={translate('spillway.fit.testPercent')}
        helperText={translate('spillway.fit.testPercentHelp')}
        value={form.testPercent}
        onChange={(event) => onChange({ testPercent: event.target.value })}
      />
      <TextField
        type="number"
        label={translate('spillway.fit.seed')}
        helperText={translate('spillway.fit.seedHelp')}
        value={form.seed}
        onChange={(event) => onChange({ seed: event.target.value })}
      />
      <Typography variant="body2" color="text.secondary">
        {translate('spillway.fit.summary', { smart_count: candidatesOf(form).length })}
      </Typography>
    </Stack>
  );
};

/**
 * Fits a scorecard from a case set: which cases, what counts as bad, the candidate characteristics, and
 * the split held out for validation. The API checks everything before it queues the job and answers a bad
 * value with its path; the job's results page follows it to the end and opens the draft it wrote.
 */
export const ScorecardFitCreate = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const { permissions } = usePermissions();
  const isSmall = useIsSmall();
  const [step, setStep] = useState(0);
  const [form, setForm] = useState<FitForm>(emptyFitForm);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<{ message: string; field?: string } | null>(null);
  const change: Change = (patch) => setForm((current) => ({ ...current, ...patch }));

  const start = async () => {
    setPending(true);
    setFailure(null);
    try {
      const { data } = await dataProvider.startScorecardFit(fitParams(form));
      navigate(createPath({ resource: 'scorecardFits', id: data.id, type: 'show' }));
    } catch (error) {
      const { message, extensions } = apiFailure(error);
      setFailure({ message, field: typeof extensions.field === 'string' ? extensions.field : undefined });
    } finally {
      setPending(false);
    }
  };

  const ready = [
    form.caseSetId !== '' && form.name.trim() !== '',
    form.outcome !== '',
    candidatesOf(form).length > 0,
    true,
  ];
  if (!canDo(permissions, 'runBacktest')) {
    return <Alert severity="info">{translate('spillway.fit.notAllowed')}</Alert>;
  }
  const Panel = [CaseSetStep, OutcomeStep, CharacteristicsStep, SplitStep][step];
  return (
    <Stack spacing={2} sx={{ mt: 2 }} data-testid="fit-wizard">
      <Title title={translate('spillway.fit.title')} />
      {/* Four steps side by side do not fit a phone: there they stack. */}
      <Stepper activeStep={step} orientation={isSmall ? 'vertical' : 'horizontal'}>
        {STEPS.map((id) => (
          <Step key={id}>
            <StepLabel>{translate(`spillway.fit.steps.${id}`)}</StepLabel>
          </Step>
        ))}
      </Stepper>
      <Card variant="outlined">
        <CardContent>
          <Panel form={form} onChange={change} />
        </CardContent>
      </Card>
      {failure && (
        <Alert severity="error" data-testid="fit-error">
          {failure.message}
          {failure.field && (
            <Typography variant="caption" component="div" translate="no" sx={{ fontFamily: 'monospace' }}>
              {failure.field}
            </Typography>
          )}
        </Alert>
      )}
      <Stack direction="row" spacing={1}>
        {step > 0 && (
          <Button onClick={() => setStep(step - 1)} disabled={pending}>
            {translate('ra.action.back')}
          </Button>
        )}
        {step < STEPS.length - 1 ? (
          <Button variant="contained" onClick={() => setStep(step + 1)} disabled={!ready[step]}>
            {translate('spillway.fit.next')}
          </Button>
        ) : (
          <Button variant="contained" onClick={start} disabled={pending || !ready.every(Boolean)}>
            {translate('spillway.fit.start')}
          </Button>
        )}
      </Stack>
    </Stack>
  );
};
