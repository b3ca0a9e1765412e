import { Alert, Box, Checkbox, FormControlLabel, Stack, Typography } from '@mui/material';
import type { CaseMapping } from '@spillway/rules';
import { useTranslate } from 'react-admin';
import { EMPTY, useFormat } from '../../common/format';
import { ProblemList } from '../../common/ProblemList';
import { type Column, SimpleTable } from '../../common/SimpleTable';
import type { CaseRowError, CaseSetImport } from '../../dataProvider/caseSets';
import type { PolicyProblem } from '../../dataProvider/policies';
import { StepCard } from './inputs';
import type { ImportFailure } from './mapping';

const rowErrorColumns: Column<CaseRowError>[] = [
  { label: 'spillway.caseSet.line', render: (error) => error.line, align: 'right' },
  { label: 'spillway.caseSet.column', render: (error) => error.column ?? EMPTY, mono: true },
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
  const format = useFormat();
  return (
    <Stack spacing={1} data-testid="import-error">
      <Alert severity="error">{failure.message}</Alert>
      {failure.failedRows != null && (
        <Typography variant="body2">
          {translate('spillway.caseSet.failedRows', {
            smart_count: failure.failedRows,
            count: format.count(failure.failedRows),
          })}
        </Typography>
      )}
      <RowErrors errors={failure.rowErrors} />
      <ProblemList problems={failure.problems} />
    </Stack>
  );
};

/**
 * The last step: the mapping document as the API will get it, what rules/ finds wrong with it here, and
 * the API's answer: a refusal with its row errors and problems, or the rows imported and skipped.
 */
export const ReviewStep = ({
  mapping,
  problems,
  keepValidRows,
  onKeepValidRows,
  failure,
  imported,
}: {
  mapping: CaseMapping;
  problems: PolicyProblem[];
  keepValidRows: boolean;
  onKeepValidRows: (keep: boolean) => void;
  failure: ImportFailure | null;
  imported: CaseSetImport | null;
}) => {
  const translate = useTranslate();
  const format = useFormat();
  return (
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
          <Checkbox checked={keepValidRows} onChange={(event) => onKeepValidRows(event.target.checked)} />
        }
        label={translate('spillway.caseSet.keepValidRows')}
      />
      {failure && <FailureView failure={failure} />}
      {imported && (
        <Stack spacing={1} data-testid="import-result">
          <Alert severity={imported.failedRows > 0 ? 'warning' : 'success'}>
            {translate('spillway.caseSet.result', {
              imported: format.count(imported.importedRows),
              failed: format.count(imported.failedRows),
            })}
          </Alert>
          <RowErrors errors={imported.rowErrors} />
        </Stack>
      )}
    </StepCard>
  );
};
