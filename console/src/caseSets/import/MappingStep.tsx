import { Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { ColumnMapping } from './ColumnMapping';
import { Constants } from './Constants';
import { Choice, StepCard, Text } from './inputs';
import { EXPECTED_FIELDS, type MappingPartProps } from './mapping';

/** The second step: what the columns are, the facts the file lacks, the observed outcome and any expectations. */
export const MappingStep = ({ form, header, catalog, onChange }: MappingPartProps & { header: string[] }) => {
  const translate = useTranslate();
  return (
    <Stack spacing={2}>
      <ColumnMapping form={form} catalog={catalog} onChange={onChange} />
      <Constants form={form} catalog={catalog} onChange={onChange} />
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
