import { Card, CardContent, type Theme, useMediaQuery } from '@mui/material';
import type { ReactElement, ReactNode } from 'react';
import {
  downloadCSV,
  type Exporter,
  FilterList,
  FilterListItem,
  type RaRecord,
  SavedQueriesList,
  useTranslate,
} from 'react-admin';

/** Phones and narrow windows: lists show one line per record (SimpleList) instead of a table. */
export function useIsSmall(): boolean {
  return useMediaQuery<Theme>((theme) => theme.breakpoints.down('md'));
}

/**
 * A list's filter sidebar, as react-admin's demo has it: the user's saved queries first, then one group per
 * filter. Hidden on small screens, where the list's own filters remain.
 */
export const ListAside = ({ children }: { children?: ReactNode }) => (
  <Card
    sx={{
      order: -1,
      mr: 2,
      mt: 8,
      alignSelf: 'flex-start',
      width: 220,
      minWidth: 220,
      display: { xs: 'none', lg: 'block' },
    }}
    data-testid="list-aside"
  >
    <CardContent sx={{ pt: 1 }}>
      <SavedQueriesList />
      {children}
    </CardContent>
  </Card>
);

/** One sidebar group: a value per item, labelled `spillway.<group>.<value>`, toggling `source`. */
export function EnumFilter<T extends string>({
  label,
  source,
  group,
  values,
  icon,
}: {
  label: string;
  source: string;
  group: string;
  values: readonly T[];
  icon: ReactElement;
}) {
  return (
    <FilterList label={label} icon={icon}>
      {values.map((value) => (
        <FilterListItem key={value} label={`spillway.${group}.${value}`} value={{ [source]: value }} />
      ))}
    </FilterList>
  );
}

/** One column of a CSV export: a translated header and the record's value as text. */
export interface CsvColumn<T> {
  /** An i18n key. */
  label: string;
  value: (record: T) => string | number | boolean | null | undefined;
}

const csvCell = (value: string | number | boolean | null | undefined) => {
  const text = value == null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** A list's CSV export with the columns people read, headed in the console's language. */
export function useCsvExporter<T extends RaRecord>(filename: string, columns: CsvColumn<T>[]): Exporter<T> {
  const translate = useTranslate();
  return (records) => {
    const header = columns.map((column) => csvCell(translate(column.label)));
    const rows = records.map((record) => columns.map((column) => csvCell(column.value(record))));
    downloadCSV([header, ...rows].map((row) => row.join(',')).join('\r\n'), filename);
  };
}
