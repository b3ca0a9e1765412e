import { Button, Stack, Step, StepLabel, Stepper } from '@mui/material';
import { validateMapping } from '@spillway/rules';
import { useMemo, useState } from 'react';
import { Title, useCreatePath, useDataProvider, useNotify, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router';
import { useFactCatalog } from '../../common/factCatalog';
import { useFormat } from '../../common/format';
import type { SpillwayDataProvider } from '../../dataProvider';
import type { CaseSetImport as Imported } from '../../dataProvider/caseSets';
import { type FileState, FileStep } from './FileStep';
import { MappingStep } from './MappingStep';
import {
  buildMapping,
  emptyForm,
  type ImportFailure,
  importFailure,
  initialColumns,
  type MappingForm,
  readHeader,
  tooLarge,
} from './mapping';
import { ReviewStep } from './ReviewStep';

const STEPS = ['file', 'mapping', 'import'] as const;

/**
 * Imports a small CSV or JSONL file as a case set: the file's header is read here, its columns mapped to
 * catalog facts, and the API maps every row, all or nothing unless the valid rows are to be kept.
 */
export const CaseSetImport = () => {
  const translate = useTranslate();
  const format = useFormat();
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
        messageArgs: { smart_count: data.importedRows, count: format.count(data.importedRows) },
      });
    } catch (error) {
      setFailure(importFailure(error));
    } finally {
      setPending(false);
    }
  };

  const fileReady = file.name.trim() !== '' && header.length > 0 && !tooLarge(file.content);
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
        <ReviewStep
          mapping={mapping}
          problems={problems}
          keepValidRows={keepValidRows}
          onKeepValidRows={setKeepValidRows}
          failure={failure}
          imported={imported}
        />
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
