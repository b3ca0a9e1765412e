import type { ReactNode } from 'react';
import { DataTable, type FieldProps, type RaRecord } from 'react-admin';

/** One column of a list the API orders itself (newest first, file order): nothing to sort by. */
export interface ColumnSpec<T extends RaRecord> {
  source: string;
  /** An i18n key; by default react-admin's `resources.<resource>.fields.<source>`. */
  label?: string;
  render?: (record: T) => ReactNode;
  field?: (props: FieldProps) => ReactNode;
  align?: 'left' | 'right';
}

/** DataTable columns from specs, none sortable. */
export function unsortedColumns<T extends RaRecord>(specs: ColumnSpec<T>[]) {
  const Column = DataTable.Col<T>;
  return specs.map(({ render, ...spec }) => (
    <Column
      key={spec.source}
      {...spec}
      render={render ? (record: T) => render(record) : undefined}
      disableSort
    />
  ));
}
