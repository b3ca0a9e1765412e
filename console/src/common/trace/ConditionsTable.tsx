import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { JsonBlock } from '../JsonBlock';
import { formatValue } from '../json';
import { mono } from './Caption';
import { conditionRows } from './trace';

const ResultMark = ({ result }: { result: boolean | undefined }) => {
  const translate = useTranslate();
  if (result === undefined) return null;
  return (
    <Typography component="span" variant="body2" color={result ? 'success.main' : 'text.secondary'}>
      {translate(result ? 'ra.boolean.true' : 'ra.boolean.false')}
    </Typography>
  );
};

/** A rule's condition tree, one row a group or comparison: the fact's value, what it was compared with, and the result. */
export const ConditionsTable = ({ conditions }: { conditions: unknown }) => {
  const translate = useTranslate();
  const indent = (depth: number) => ({ pl: 2 + depth * 2 });
  return (
    <Table size="small" sx={{ tableLayout: 'fixed' }} aria-label={translate('spillway.trace.conditions')}>
      <TableHead>
        <TableRow>
          <TableCell sx={{ width: '28%' }}>{translate('spillway.trace.fact')}</TableCell>
          <TableCell sx={{ width: '18%' }}>{translate('spillway.trace.value')}</TableCell>
          <TableCell sx={{ width: '20%' }}>{translate('spillway.trace.operator')}</TableCell>
          <TableCell sx={{ width: '22%' }}>{translate('spillway.trace.compared')}</TableCell>
          <TableCell sx={{ width: '12%' }}>{translate('spillway.trace.result')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {conditionRows(conditions).map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows come from a fixed tree and never reorder
          <TableRow key={index}>
            {row.group ? (
              <TableCell colSpan={4} sx={{ ...indent(row.depth), fontStyle: 'italic' }}>
                {translate(`spillway.trace.${row.group}`)}
              </TableCell>
            ) : row.raw !== undefined ? (
              <TableCell colSpan={4} sx={indent(row.depth)}>
                <JsonBlock value={row.raw} />
              </TableCell>
            ) : (
              <>
                <TableCell sx={{ ...indent(row.depth), ...mono }}>{row.fact}</TableCell>
                <TableCell sx={mono}>{formatValue(row.actual)}</TableCell>
                <TableCell sx={mono}>{row.operator}</TableCell>
                <TableCell sx={mono}>{formatValue(row.compared)}</TableCell>
              </>
            )}
            <TableCell>
              <ResultMark result={row.result} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
