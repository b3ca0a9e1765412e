import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import { Box, Button, IconButton, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Choice, StepCard, Text } from './inputs';
import { caseFactNames, type MappingForm, type MappingPartProps } from './mapping';

/** Catalog facts the file lacks, each given as an expression. */
export const Constants = ({ form, catalog, onChange }: MappingPartProps) => {
  const translate = useTranslate();
  const factNames = caseFactNames(catalog);
  const setConstant = (index: number, change: Partial<MappingForm['constants'][number]>) =>
    onChange({
      ...form,
      constants: form.constants.map((constant, at) => (at === index ? { ...constant, ...change } : constant)),
    });
  return (
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
          onClick={() => onChange({ ...form, constants: [...form.constants, { fact: '', expression: '' }] })}
        >
          {translate('spillway.caseSet.addConstant')}
        </Button>
      </Box>
    </StepCard>
  );
};
