import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { FactDefinition } from '../../dataProvider/policies';
import { Choice, StepCard, Text } from './inputs';
import {
  type ColumnForm,
  type ColumnRole,
  type ColumnType,
  caseFactNames,
  type MappingPartProps,
} from './mapping';

const ROLES: ColumnRole[] = ['ignore', 'fact', 'input'];
const TYPES: ColumnType[] = ['', 'number', 'integer', 'string', 'boolean'];

const ColumnRow = ({
  entry,
  catalog,
  onChange,
}: {
  entry: ColumnForm;
  catalog: FactDefinition[];
  onChange: (entry: ColumnForm) => void;
}) => {
  const translate = useTranslate();
  return (
    <TableRow data-column={entry.column}>
      <TableCell sx={{ fontFamily: 'monospace' }}>{entry.column}</TableCell>
      <TableCell>
        <Choice
          label="spillway.caseSet.role"
          value={entry.role}
          values={ROLES}
          optionLabel={(role) => translate(`spillway.caseSet.roles.${role}`)}
          onChange={(role) => onChange({ ...entry, role: role as ColumnRole })}
          minWidth={140}
        />
      </TableCell>
      <TableCell>
        {entry.role === 'fact' && (
          <Choice
            label="spillway.caseSet.fact"
            value={entry.fact}
            values={['', ...caseFactNames(catalog)]}
            onChange={(fact) => onChange({ ...entry, fact })}
            minWidth={200}
          />
        )}
      </TableCell>
      <TableCell>
        {entry.role !== 'ignore' && (
          <Choice
            label="spillway.caseSet.type"
            value={entry.type}
            values={TYPES}
            optionLabel={(type) => (type ? type : translate('spillway.caseSet.catalogType'))}
            onChange={(type) => onChange({ ...entry, type: type as ColumnType })}
            minWidth={130}
          />
        )}
      </TableCell>
      <TableCell>
        {entry.role !== 'ignore' && (
          <Text
            label="spillway.caseSet.scale"
            value={entry.scale}
            onChange={(scale) => onChange({ ...entry, scale })}
          />
        )}
      </TableCell>
      <TableCell>
        {entry.role !== 'ignore' && (
          <Text
            label="spillway.caseSet.default"
            value={entry.default}
            onChange={(value) => onChange({ ...entry, default: value })}
          />
        )}
      </TableCell>
    </TableRow>
  );
};

/** What each column of the file is: ignored, a catalog fact, or an input to the mapping's expressions. */
export const ColumnMapping = ({ form, catalog, onChange }: MappingPartProps) => {
  const translate = useTranslate();
  return (
    <StepCard title="spillway.caseSet.step.columns">
      <Table size="small" data-table="column-mapping">
        <TableHead>
          <TableRow>
            {['column', 'role', 'fact', 'type', 'scale', 'default'].map((key) => (
              <TableCell key={key}>{translate(`spillway.caseSet.${key}`)}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {form.columns.map((entry, index) => (
            <ColumnRow
              key={entry.column}
              entry={entry}
              catalog={catalog}
              onChange={(changed) =>
                onChange({
                  ...form,
                  columns: form.columns.map((old, at) => (at === index ? changed : old)),
                })
              }
            />
          ))}
        </TableBody>
      </Table>
    </StepCard>
  );
};
