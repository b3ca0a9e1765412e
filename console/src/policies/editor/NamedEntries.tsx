import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import {
  Box,
  Button,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
} from '@mui/material';
import { type ReactNode, useState } from 'react';
import { useTranslate } from 'react-admin';
import { isObject } from '../../common/json';
import { hasError, ProblemText, useDraftEditing, useProblemsText, useProblemsUnder } from './DraftEditing';
import { getIn, jsonPath, problemsOutside, type Segment } from './documentPaths';

/**
 * An entry's name, renamed when the field is left: renaming on every keystroke would pass through
 * names that clash with other entries.
 */
const NameField = ({ path, name }: { path: Segment[]; name: string }) => {
  const translate = useTranslate();
  const { document, readOnly, rename } = useDraftEditing();
  const [text, setText] = useState(name);
  const record = getIn(document, path);
  // Problems at the entry itself (a bad or clashing name) are shown by the field editing that path: this
  // one when the entry is a record of fields, the value's field when it is a plain value.
  const entryPath = jsonPath([...path, name]);
  const atEntry = useProblemsUnder([...path, name]).filter((problem) => problem.path === entryPath);
  const problems = isObject(record) && isObject(record[name]) ? atEntry : [];
  const problemsText = useProblemsText();
  const clash = text !== name && isObject(record) && text in record;
  const commit = () => {
    if (text.trim() === '' || clash) setText(name);
    else rename(path, name, text.trim());
  };
  return (
    <TextField
      value={text}
      size="small"
      disabled={readOnly}
      onChange={(event) => setText(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
      error={clash || hasError(problems)}
      helperText={clash ? translate('spillway.editor.nameTaken') : problemsText(problems) || undefined}
      slotProps={{
        htmlInput: { 'aria-label': translate('spillway.editor.name'), style: { fontFamily: 'monospace' } },
      }}
    />
  );
};

export interface NamedEntriesProps {
  /** Where the record of entries is in the document. */
  path: Segment[];
  /** i18n keys of the columns after the name. */
  columns: string[];
  /** The cells of one entry, after its name. */
  renderCells: (name: string) => ReactNode;
  /** Name and value of a new entry. */
  newEntry: (taken: Set<string>) => [string, unknown];
  addLabel: string;
  testId: string;
}

/** A name -> value section (parameters, derived facts, price tiers) as an editable table. */
export const NamedEntries = ({
  path,
  columns,
  renderCells,
  newEntry,
  addLabel,
  testId,
}: NamedEntriesProps) => {
  const translate = useTranslate();
  const { document, readOnly, edit } = useDraftEditing();
  const record = getIn(document, path);
  const names = isObject(record) ? Object.keys(record) : [];
  const sectionProblems = problemsOutside(
    useProblemsUnder(path),
    names.map((name) => jsonPath([...path, name])),
  );
  return (
    <Box data-testid={testId}>
      <ProblemText problems={sectionProblems} />
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{translate('spillway.editor.name')}</TableCell>
            {columns.map((column) => (
              <TableCell key={column}>{translate(column)}</TableCell>
            ))}
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {names.map((name) => (
            <TableRow key={name} data-entry={name}>
              <TableCell sx={{ verticalAlign: 'top' }}>
                <NameField path={path} name={name} />
              </TableCell>
              {renderCells(name)}
              <TableCell sx={{ verticalAlign: 'top' }}>
                {!readOnly && (
                  <Tooltip title={translate('ra.action.remove')}>
                    <IconButton
                      aria-label={translate('ra.action.remove')}
                      onClick={() => edit([...path, name], undefined)}
                    >
                      <DeleteIcon />
                    </IconButton>
                  </Tooltip>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {!readOnly && (
        <Button
          startIcon={<AddIcon />}
          onClick={() => {
            const [name, value] = newEntry(new Set(names));
            edit([...path, name], value);
          }}
        >
          {translate(addLabel)}
        </Button>
      )}
    </Box>
  );
};

/** The first `base`, `base2`, `base3`... not yet taken. */
export function freshName(base: string, taken: Set<string>): string {
  let name = base;
  for (let suffix = 2; taken.has(name); suffix++) name = `${base}${suffix}`;
  return name;
}

/** A cell holding one field, aligned with the name field beside it. */
export const FieldCell = ({ children }: { children: ReactNode }) => (
  <TableCell sx={{ verticalAlign: 'top' }}>{children}</TableCell>
);
