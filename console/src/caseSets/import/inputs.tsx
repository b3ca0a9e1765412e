import { Card, CardContent, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { EMPTY } from '../../common/format';

/** A select over fixed values, each labelled through i18n (or shown as is). */
export const Choice = ({
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
          {optionLabel ? optionLabel(option) : option || EMPTY}
        </MenuItem>
      ))}
    </TextField>
  );
};

/** A small text box whose label and help are i18n keys. */
export const Text = ({
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

/** One titled part of a wizard step. */
export const StepCard = ({ title, children }: { title: string; children: ReactNode }) => {
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
