import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import UploadIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControlLabel,
  IconButton,
  MenuItem,
  Stack,
  Step,
  StepLabel,
  Stepper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { validateMapping } from '@spillway/rules';
import { type ChangeEvent, type ReactNode, useMemo, useState } from 'react';
import { Title, useCreatePath, useDataProvider, useNotify, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router';
import { useFactCatalog } from '../common/factCatalog';
import { ProblemList } from '../common/ProblemList';
import { type Column, SimpleTable } from '../common/SimpleTable';
import type { SpillwayDataProvider } from '../dataProvider';
import type { CaseRowError, CaseSetFormat, CaseSetImport as Imported } from '../dataProvider/caseSets';
import type { FactDefinition } from '../dataProvider/policies';
import {
  buildMapping,
  type ColumnForm,
  type ColumnRole,
  type ColumnType,
  detectFormat,
  EXPECTED_FIELDS,
  type ImportFailure,
  importFailure,
  initialColumns,
  MAX_CONTENT_BYTES,
  type MappingForm,
  readHeader,
} from './mapping';

const STEPS = ['file', 'mapping', 'import'] as const;
const ROLES: ColumnRole[] = ['ignore', 'fact', 'input'];
const TYPES: ColumnType[] = ['', 'number', 'integer', 'string', 'boolean'];

/** A select over fixed values, each labelled through i18n (or shown as is). */
const Choice = ({
  label,
  value,
  values,
  optionLabel,
  onChange,
  testId,
  minWidth = 160,
}: {
  label: string;
  value: string;
  values: string[];
  optionLabel?: (value: string) => string;
  onChange: (value: string) => void;
  testId?: string;
  minWidth?: number;
}) => {
  const translate = useTranslate();
  return (
    <TextField
      select
      size="small"
      label={translate(label)}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      sx={{ minWidth }}
      slotProps={{ htmlInput: { 'data-testid': testId } }}
    >
      {values.map((option) => (
        <MenuItem key={option} value={option}>
          {optionLabel ? optionLabel(option) : option || '—'}
        </MenuItem>
      ))}
    </TextField>
  );
};

const Text = ({
  label,
  value,
  onChange,
  helperText,
  ...rest
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  helperText?: string;
  multiline?: boolean;
  minRows?: number;
  fullWidth?: boolean;
}) => {
  const translate = useTranslate();
  return (
    <TextField
      size="small"
      label={translate(label)}
      value={value}
      helperText={helperText ? translate(helperText) : undefined}
      onChange={(event) => onChange(event.target.value)}
      {...rest}
    />
  );
};

const StepCard = ({ title, children }: { title: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h6">{translate(title)}</Typography>
          {children}
        </Stack>
      </CardContent>
    </Card>
  );
};

interface FileState {
  name: string;
  fileName: string | null;
  content: string;
  format: CaseSetFormat;
  refColumn: string;
}

const FileStep = ({ file, onChange }: { file: FileState; onChange: (file: FileState) => void }) => {
  const translate = useTranslate();
  const header = readHeader(file.content, file.format);
  const tooLarge = new Blob([file.content]).size > MAX_CONTENT_BYTES;
  const setContent = (content: string, fileName: string | null) =>
    onChange({ ...file, content, fileName, format: detectFormat(fileName, content), refColumn: '' });
  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    if (chosen) setContent(await chosen.text(), chosen.name);
  };
  return (
    <StepCard title="spillway.caseSet.step.file">
      <Text
        label="spillway.caseSet.name"
        value={file.name}
        onChange={(name) => onChange({ ...file, name })}
      />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Button component="label" variant="outlined" startIcon={<UploadIcon />}>
          {translate('spillway.caseSet.upload')}
          <input
            hidden
            type="file"
            accept=".csv,.jsonl,.ndjson,text/csv"
            onChange={upload}
            data-testid="case-file"
          />
        </Button>
        {file.fileName && <Typography variant="body2">{file.fileName}</Typography>}
      </Stack>
      <TextField
        label={translate('spillway.caseSet.paste')}
        value={file.content}
        onChange={(event) => setContent(event.target.value, null)}
        multiline
        minRows={6}
        maxRows={16}
        fullWidth
        slotProps={{
          htmlInput: { 'data-testid': 'case-content', style: { fontFamily: 'monospace', fontSize: 12 } },
        }}
      />
      {tooLarge && <Alert severity="warning">{translate('spillway.caseSet.tooLarge')}</Alert>}
      <Stack direction="row" spacing={2}>
        <Choice
          label="spillway.caseSet.format"
          value={file.format}
          values={['CSV', 'JSONL']}
          onChange={(format) => onChange({ ...file, format: format as CaseSetFormat, refColumn: '' })}
        />
        <Choice
          label="spillway.caseSet.refColumn"
          value={file.refColumn}
          values={['', ...header]}
          onChange={(refColumn) => onChange({ ...file, refColumn })}
          minWidth={220}
        />
      </Stack>
      <Typography variant="body2" color="text.secondary" data-testid="case-header">
        {header.length > 0
          ? translate('spillway.caseSet.header', { columns: header.join(', ') })
          : translate('spillway.caseSet.noHeader')}
      </Typography>
    </StepCard>
  );
};

const ColumnRow = ({
  entry,
  catalog,
  onChange,
}: {
  entry: ColumnForm;
  catalog: FactDefinition[];
  onChange: (entry: ColumnForm) => void;
}) => {
  const translate = useTranslate();
  return (
    <TableRow data-column={entry.column}>
      <TableCell sx={{ fontFamily: 'monospace' }}>{entry.column}</TableCell>
      <TableCell>
        <Choice
          label="spillway.caseSet.role"
          value={entry.role}
          values={ROLES}
          optionLabel={(role) => translate(`spillway.caseSet.roles.${role}`)}
          onChange={(role) => onChange({ ...entry, role: role as ColumnRole })}
          minWidth={140}
        />
      </TableCell>
      <TableCell>
        {entry.role === 'fact' && (
          <Choice
            label="spillway.caseSet.fact"
            value={entry.fact}
            values={['', ...catalog.filter((fact) => fact.source !== 'application').map((fact) => fact.name)]}
            onChange={(fact) => onChange({ ...entry, fact })}
            minWidth={200}
          />
        )}
      </TableCell>
      <TableCell>
        {entry.role !== 'ignore' && (
          <Choice
            label="spillway.caseSet.type"
            value={entry.type}
            values={TYPES}
            optionLabel={(type) => (type ? type : translate('spillway.caseSet.catalogType'))}
            onChange={(type) => onChange({ ...entry, type: type as ColumnType })}
            minWidth={130}
          />
        )}
      </TableCell>
      <TableCell>
        {entry.role !== 'ignore' && (
          <Text
            label="spillway.caseSet.scale"
            value={entry.scale}
            onChange={(scale) => onChange({ ...entry, scale })}
          />
        )}
      </TableCell>
      <TableCell>
        {entry.role !== 'ignore' && (
          <Text
            label="spillway.caseSet.default"
            value={entry.default}
            onChange={(value) => onChange({ ...entry, default: value })}
          />
        )}
      </TableCell>
    </TableRow>
  );
};

const MappingStep = ({
  form,
  header,
  catalog,
  onChange,
}: {
  form: MappingForm;
  header: string[];
  catalog: FactDefinition[];
  onChange: (form: MappingForm) => void;
}) => {
  const translate = useTranslate();
  const factNames = catalog.filter((fact) => fact.source !== 'application').map((fact) => fact.name);
  const setConstant = (index: number, change: Partial<MappingForm['constants'][number]>) =>
    onChange({
      ...form,
      constants: form.constants.map((constant, at) => (at === index ? { ...constant, ...change } : constant)),
    });
  return (
    <Stack spacing={2}>
      <StepCard title="spillway.caseSet.step.columns">
        <Table size="small" data-table="column-mapping">
          <TableHead>
            <TableRow>
              {['column', 'role', 'fact', 'type', 'scale', 'default'].map((key) => (
                <TableCell key={key}>{translate(`spillway.caseSet.${key}`)}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {form.columns.map((entry, index) => (
              <ColumnRow
                key={entry.column}
                entry={entry}
                catalog={catalog}
                onChange={(changed) =>
                  onChange({
                    ...form,
                    columns: form.columns.map((old, at) => (at === index ? changed : old)),
                  })
                }
              />
            ))}
          </TableBody>
        </Table>
      </StepCard>
      <StepCard title="spillway.caseSet.step.constants">
        <Typography variant="body2" color="text.secondary">
          {translate('spillway.caseSet.constantsHelp')}
        </Typography>
        {form.constants.map((constant, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and removed by position
          <Stack key={index} direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Choice
              label="spillway.caseSet.fact"
              value={constant.fact}
              values={['', ...factNames]}
              onChange={(fact) => setConstant(index, { fact })}
              minWidth={220}
            />
            <Text
              label="spillway.caseSet.expression"
              value={constant.expression}
              onChange={(expression) => setConstant(index, { expression })}
            />
            <IconButton
              aria-label={translate('ra.action.remove')}
              onClick={() => onChange({ ...form, constants: form.constants.filter((_, at) => at !== index) })}
            >
              <DeleteIcon />
            </IconButton>
          </Stack>
        ))}
        <Box>
          <Button
            size="small"
            startIcon={<AddIcon />}
            onClick={() =>
              onChange({ ...form, constants: [...form.constants, { fact: '', expression: '' }] })
            }
          >
            {translate('spillway.caseSet.addConstant')}
          </Button>
        </Box>
      </StepCard>
      <StepCard title="spillway.caseSet.step.outcome">
        <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <Choice
            label="spillway.caseSet.outcomeColumn"
            value={form.outcomeColumn}
            values={['', ...header]}
            onChange={(outcomeColumn) => onChange({ ...form, outcomeColumn })}
            minWidth={220}
          />
          <Text
            label="spillway.caseSet.defaultValues"
            value={form.defaultValues}
            helperText="spillway.caseSet.valuesHelp"
            onChange={(defaultValues) => onChange({ ...form, defaultValues })}
          />
          <Text
            label="spillway.caseSet.nonDefaultValues"
            value={form.nonDefaultValues}
            helperText="spillway.caseSet.valuesHelp"
            onChange={(nonDefaultValues) => onChange({ ...form, nonDefaultValues })}
          />
        </Stack>
        <Stack direction="row" spacing={2}>
          <Text
            label="spillway.caseSet.requestedAmount"
            value={form.requestedAmount}
            helperText="spillway.caseSet.expressionHelp"
            onChange={(requestedAmount) => onChange({ ...form, requestedAmount })}
          />
          <Text
            label="spillway.caseSet.termMonths"
            value={form.termMonths}
            helperText="spillway.caseSet.expressionHelp"
            onChange={(termMonths) => onChange({ ...form, termMonths })}
          />
        </Stack>
      </StepCard>
      <StepCard title="spillway.caseSet.step.expected">
        <Typography variant="body2" color="text.secondary">
          {translate('spillway.caseSet.expectedHelp')}
        </Typography>
        <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {EXPECTED_FIELDS.map((field) =>
            field === 'outcome' || field === 'riskTier' ? (
              <Choice
                key={field}
                label={`spillway.caseSet.expectedField.${field}`}
                value={form.expected[field]}
                values={['', ...header]}
                onChange={(value) => onChange({ ...form, expected: { ...form.expected, [field]: value } })}
                minWidth={200}
              />
            ) : (
              <Text
                key={field}
                label={`spillway.caseSet.expectedField.${field}`}
                value={form.expected[field]}
                onChange={(value) => onChange({ ...form, expected: { ...form.expected, [field]: value } })}
              />
            ),
          )}
        </Stack>
      </StepCard>
    </Stack>
  );
};

const rowErrorColumns: Column<CaseRowError>[] = [
  { label: 'spillway.caseSet.line', render: (error) => error.line, align: 'right' },
  { label: 'spillway.caseSet.column', render: (error) => error.column ?? '—', mono: true },
  { label: 'spillway.caseSet.code', render: (error) => error.code, mono: true },
  { label: 'spillway.caseSet.message', render: (error) => error.message },
];

/** Rows that did not map, by line, column and code: shown both for a refusal and for kept valid rows. */
const RowErrors = ({ errors }: { errors: CaseRowError[] }) =>
  errors.length > 0 ? (
    <SimpleTable name="row-errors" rows={errors} columns={rowErrorColumns} empty="spillway.empty.facts" />
  ) : null;

const FailureView = ({ failure }: { failure: ImportFailure }) => {
  const translate = useTranslate();
  return (
    <Stack spacing={1} data-testid="import-error">
      <Alert severity="error">{failure.message}</Alert>
      {failure.failedRows != null && (
        <Typography variant="body2">
          {translate('spillway.caseSet.failedRows', { smart_count: failure.failedRows })}
        </Typography>
      )}
      <RowErrors errors={failure.rowErrors} />
      <ProblemList problems={failure.problems} />
    </Stack>
  );
};

const emptyForm = (columns: ColumnForm[]): MappingForm => ({
  columns,
  constants: [],
  outcomeColumn: '',
  defaultValues: '1',
  nonDefaultValues: '0',
  requestedAmount: '',
  termMonths: '12',
  expected: { outcome: '', approvedLimit: '', aprBps: '', riskTier: '' },
});

/**
 * Imports a small CSV or JSONL file as a case set: the file's header is read here, its columns mapped to
 * catalog facts, and the API maps every row, all or nothing unless the valid rows are to be kept.
 */
export const CaseSetImport = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  const notify = useNotify();
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const catalog = useFactCatalog();
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<FileState>({
    name: '',
    fileName: null,
    content: '',
    format: 'CSV',
    refColumn: '',
  });
  const [form, setForm] = useState<MappingForm>(() => emptyForm([]));
  const [keepValidRows, setKeepValidRows] = useState(false);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const [imported, setImported] = useState<Imported | null>(null);
  const header = useMemo(() => readHeader(file.content, file.format), [file.content, file.format]);
  const mapping = useMemo(() => buildMapping(form), [form]);
  const problems = useMemo(
    () => (step === 2 ? validateMapping(mapping, header).errors : []),
    [step, mapping, header],
  );

  const toMapping = () => {
    // A new header starts a new mapping; the same header keeps what was chosen.
    const same = form.columns.map((entry) => entry.column).join('\n') === header.join('\n');
    if (!same) setForm(emptyForm(initialColumns(header, catalog)));
    setStep(1);
  };

  const submit = async () => {
    setPending(true);
    setFailure(null);
    try {
      const { data } = await dataProvider.importCaseSet({
        name: file.name,
        format: file.format,
        mapping: mapping as unknown as Record<string, unknown>,
        content: file.content,
        keepValidRows,
        refColumn: file.refColumn || undefined,
      });
      setImported(data);
      notify('spillway.caseSet.imported', {
        type: 'success',
        messageArgs: { smart_count: data.importedRows },
      });
    } catch (error) {
      setFailure(importFailure(error));
    } finally {
      setPending(false);
    }
  };

  const fileReady =
    file.name.trim() !== '' && header.length > 0 && new Blob([file.content]).size <= MAX_CONTENT_BYTES;
  return (
    <Stack spacing={2} sx={{ mt: 2 }} data-testid="case-set-import">
      <Title title={translate('spillway.caseSet.import')} />
      <Stepper activeStep={step}>
        {STEPS.map((id) => (
          <Step key={id}>
            <StepLabel>{translate(`spillway.caseSet.steps.${id}`)}</StepLabel>
          </Step>
        ))}
      </Stepper>
      {step === 0 && <FileStep file={file} onChange={setFile} />}
      {step === 1 && <MappingStep form={form} header={header} catalog={catalog} onChange={setForm} />}
      {step === 2 && (
        <StepCard title="spillway.caseSet.step.review">
          <Box
            component="pre"
            sx={{ fontSize: 12, m: 0, maxHeight: 320, overflow: 'auto' }}
            data-testid="mapping-document"
          >
            {JSON.stringify(mapping, null, 2)}
          </Box>
          {problems.length > 0 && (
            <>
              <Typography variant="body2" color="text.secondary">
                {translate('spillway.caseSet.checkedLocally')}
              </Typography>
              <ProblemList problems={problems} />
            </>
          )}
          <FormControlLabel
            control={
              <Checkbox
                checked={keepValidRows}
                onChange={(event) => setKeepValidRows(event.target.checked)}
              />
            }
            label={translate('spillway.caseSet.keepValidRows')}
          />
          {failure && <FailureView failure={failure} />}
          {imported && (
            <Stack spacing={1} data-testid="import-result">
              <Alert severity={imported.failedRows > 0 ? 'warning' : 'success'}>
                {translate('spillway.caseSet.result', {
                  imported: imported.importedRows,
                  failed: imported.failedRows,
                })}
              </Alert>
              <RowErrors errors={imported.rowErrors} />
            </Stack>
          )}
        </StepCard>
      )}
      <Stack direction="row" spacing={1}>
        {step > 0 && !imported && (
          <Button onClick={() => setStep(step - 1)} disabled={pending}>
            {translate('ra.action.back')}
          </Button>
        )}
        {step === 0 && (
          <Button variant="contained" onClick={toMapping} disabled={!fileReady}>
            {translate('spillway.caseSet.next')}
          </Button>
        )}
        {step === 1 && (
          <Button variant="contained" onClick={() => setStep(2)}>
            {translate('spillway.caseSet.next')}
          </Button>
        )}
        {step === 2 && !imported && (
          <Button variant="contained" onClick={submit} disabled={pending}>
            {translate('spillway.caseSet.submit')}
          </Button>
        )}
        {imported && (
          <Button
            variant="contained"
            onClick={() =>
              navigate(createPath({ resource: 'caseSets', id: imported.caseSet.id, type: 'show' }))
            }
          >
            {translate('spillway.caseSet.open')}
          </Button>
        )}
      </Stack>
    </Stack>
  );
};
