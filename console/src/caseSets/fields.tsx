import { Box, Chip } from '@mui/material';
import { useTranslate } from 'react-admin';
import { EMPTY } from '../common/format';
import type { CaseSet } from '../dataProvider/caseSets';

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

/** A small JSON object on one line, keys in order: for the facts of a case in a table cell. */
export const compactJson = (value: Record<string, unknown> | null | undefined) =>
  value
    ? Object.entries(value)
        .map(([key, item]) => `${key}=${typeof item === 'string' ? item : JSON.stringify(item)}`)
        .join(' · ')
    : EMPTY;

/** Such a line in a table cell: code, and wrapped anywhere so a long one never widens the page. */
export const CompactJson = ({ value }: { value: Record<string, unknown> | null | undefined }) => (
  <Box
    component="span"
    translate="no"
    sx={{ fontFamily: 'monospace', fontSize: 12, overflowWrap: 'anywhere', display: 'block', minWidth: 160 }}
  >
    {compactJson(value)}
  </Box>
);
