import { Box, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';

export const Section = ({ title, children }: { title: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box component="section">
      <Typography variant="h6" gutterBottom>
        {translate(title)}
      </Typography>
      {children}
    </Box>
  );
};

export interface Column<T> {
  /** An i18n key. */
  label: string;
  render: (row: T) => ReactNode;
  mono?: boolean;
  align?: 'left' | 'right';
}

/** A read-only table of rows nested in a record (reasons, credit lines, limit history...). */
export function SimpleTable<T>(props: { rows: T[]; columns: Column<T>[]; empty: string; name: string }) {
  const translate = useTranslate();
  if (props.rows.length === 0)
    return <Typography color="text.secondary">{translate(props.empty)}</Typography>;
  return (
    <ScrollX>
      <Table size="small" data-table={props.name}>
        <TableHead>
          <TableRow>
            {props.columns.map((column) => (
              <TableCell key={column.label} align={column.align}>
                {translate(column.label)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.rows.map((row, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the rows of a fetched record never reorder
            <TableRow key={index}>
              {props.columns.map((column) => (
                <TableCell
                  key={column.label}
                  align={column.align}
                  sx={column.mono ? { fontFamily: 'monospace' } : undefined}
                >
                  {column.render(row)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </ScrollX>
  );
}

/** A table wider than the page scrolls inside its own box, so the page never grows wider than the window. */
export const ScrollX = ({ children }: { children: ReactNode }) => (
  <Box sx={{ overflowX: 'auto', maxWidth: '100%' }}>{children}</Box>
);

/** A titled section holding one SimpleTable: the usual shape of a nested list on a show page. */
export function TableSection<T>({
  title,
  ...table
}: {
  title: string;
  rows: T[];
  columns: Column<T>[];
  empty: string;
  name: string;
}) {
  return (
    <Section title={title}>
      <SimpleTable {...table} />
    </Section>
  );
}

/** Labelled facts laid out in a responsive grid, as on the decision summary. */
export const FactGrid = ({ children, testId }: { children: ReactNode; testId?: string }) => (
  <Box
    sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 2 }}
    data-testid={testId}
  >
    {children}
  </Box>
);

/** A labelled value computed outside a record's fields, laid out like a Labeled field in a FactGrid. */
export const Figure = ({ label, children }: { label: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Stack spacing={0.5}>
      <Typography variant="caption" color="text.secondary">
        {translate(label)}
      </Typography>
      <Box>{children}</Box>
    </Stack>
  );
};
