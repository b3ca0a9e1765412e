import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatValue, type JsonObject } from '../json';
import { mono } from './Caption';

/** A list of flat records (fact problems, derived facts, outcome steps) as a table of their keys. */
export const RecordsTable = ({ rows }: { rows: JsonObject[] }) => {
  const translate = useTranslate();
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          {columns.map((column) => (
            <TableCell key={column}>{translate(`spillway.trace.column.${column}`, { _: column })}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: trace rows are immutable and ordered
          <TableRow key={index}>
            {columns.map((column) => (
              <TableCell key={column} sx={{ ...mono, wordBreak: 'break-word' }}>
                {row[column] == null ? '' : formatValue(row[column])}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
