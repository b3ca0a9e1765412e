import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { CaseSet } from '../dataProvider/caseSets';
import { EMPTY } from '../decisions/fields';

export const CaseSetStatusChip = ({ status }: { status: CaseSet['status'] }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={status === 'PARTIAL' ? 'warning' : 'success'}
      label={translate(`spillway.caseSetStatus.${status}`, { _: status })}
      sx={{ alignSelf: 'flex-start' }}
    />
  );
};

/** Defaulted, repaid, or not known. */
export const ObservedText = ({ value }: { value: boolean | null | undefined }) => {
  const translate = useTranslate();
  if (value == null) return <>{EMPTY}</>;
  return <>{translate(value ? 'spillway.backtest.defaulted' : 'spillway.backtest.repaid')}</>;
};

/** A small JSON object on one line, keys in order: for the facts of a case in a table cell. */
export const compactJson = (value: Record<string, unknown> | null | undefined) =>
  value
    ? Object.entries(value)
        .map(([key, item]) => `${key}=${typeof item === 'string' ? item : JSON.stringify(item)}`)
        .join(' · ')
    : EMPTY;
