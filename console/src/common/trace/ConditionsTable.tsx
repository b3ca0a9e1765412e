import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { FactName, useFactText } from '../FactTable';
import { JsonBlock } from '../JsonBlock';
import { useOperatorLabel } from '../operators';
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

/** A value a condition saw or compared with, in the unit of the fact it concerns. */
const OperandText = ({ fact, value }: { fact: string; value: unknown }) => {
  const factText = useFactText();
  const base = fact.split(/[.[]/)[0];
  if (Array.isArray(value)) return <>{value.map((item) => factText(base, item)).join(', ')}</>;
  return <>{factText(base, value)}</>;
};

/** A rule's condition tree, one row a group or comparison: the fact's value, what it was compared with, and the result. */
export const ConditionsTable = ({ conditions }: { conditions: unknown }) => {
  const translate = useTranslate();
  const operatorLabel = useOperatorLabel();
  const indent = (depth: number) => ({ pl: 2 + depth * 2 });
  return (
    <Table size="small" sx={{ tableLayout: 'fixed' }} aria-label={translate('spillway.trace.conditions')}>
      <TableHead>
        <TableRow>
          <TableCell sx={{ width: '32%' }}>{translate('spillway.trace.fact')}</TableCell>
          <TableCell sx={{ width: '20%' }}>{translate('spillway.trace.value')}</TableCell>
          <TableCell sx={{ width: '12%' }}>{translate('spillway.trace.operator')}</TableCell>
          <TableCell sx={{ width: '22%' }}>{translate('spillway.trace.compared')}</TableCell>
          <TableCell sx={{ width: '14%' }}>{translate('spillway.trace.result')}</TableCell>
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
                <TableCell sx={indent(row.depth)}>
                  <FactName name={row.fact ?? ''} />
                </TableCell>
                <TableCell>
                  <OperandText fact={row.fact ?? ''} value={row.actual} />
                </TableCell>
                <TableCell>{operatorLabel(row.operator ?? '')}</TableCell>
                <TableCell>
                  <OperandText fact={row.fact ?? ''} value={row.compared} />
                </TableCell>
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
