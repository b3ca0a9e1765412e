import { MenuItem, TextField, type TextFieldProps, Typography } from '@mui/material';
import { createContext, type ReactNode, useContext } from 'react';
import { useTranslate } from 'react-admin';
import type { JsonObject } from '../../common/json';
import { useProblemText } from '../../common/ProblemList';
import type { PolicyKind } from '../../dataProvider/decisions';
import type { PolicyProblem } from '../../dataProvider/policies';
import { getIn, jsonPath, listItems, numberOrText, problemsUnder, type Segment } from './documentPaths';

/** What every part of the editor reads and changes: one document, its problems, and whether it may change. */
export interface DraftEditing {
  document: JsonObject;
  /** The policy's kind: the version belongs to it whatever the document says. */
  kind: PolicyKind;
  readOnly: boolean;
  problems: PolicyProblem[];
  /** Sets the part at `path`; undefined removes it. */
  edit(path: Segment[], value: unknown): void;
  rename(path: Segment[], from: string, to: string): void;
  /** The JSON editor's text, which may not parse while it is being typed. */
  text: string;
  parseError: string | null;
  editText(text: string): void;
  /** Edits not saved yet: what runs on the server (a backtest) is the saved document. */
  unsaved: boolean;
}

const DraftEditingContext = createContext<DraftEditing | null>(null);

export const DraftEditingProvider = DraftEditingContext.Provider;

export function useDraftEditing(): DraftEditing {
  const editing = useContext(DraftEditingContext);
  if (!editing) throw new Error('useDraftEditing needs a DraftEditingProvider');
  return editing;
}

/** The problems of the part at `path` (and inside it), as rules/ or the API reported them. */
export function useProblemsUnder(path: Segment[]): PolicyProblem[] {
  return problemsUnder(useDraftEditing().problems, jsonPath(path));
}

/** Problems in the reader's language, one after the other: for helper texts. */
export function useProblemsText(): (problems: PolicyProblem[]) => string {
  const problemText = useProblemText();
  return (problems) => problems.map(problemText).join(' · ');
}

export const hasError = (problems: PolicyProblem[]) =>
  problems.some((problem) => problem.severity === 'error');

/** Problems shown where they belong, for parts that are not a single input (a rule, a table row). */
export const ProblemText = ({ problems }: { problems: PolicyProblem[] }) => {
  const problemsText = useProblemsText();
  return problems.length === 0 ? null : (
    <Typography
      variant="caption"
      component="p"
      color={hasError(problems) ? 'error' : 'warning.main'}
      data-testid="problem"
      title={problems.map((problem) => problem.message).join('\n')}
    >
      {problemsText(problems)}
    </Typography>
  );
};

export type DocFieldType =
  | 'text'
  | 'multiline'
  | 'number'
  | 'expression'
  | 'numberOrExpression'
  | 'numberList';

export interface DocFieldProps {
  path: Segment[];
  /** An i18n key. */
  label: string;
  type?: DocFieldType;
  /** Cleared, the key is removed rather than left empty. */
  optional?: boolean;
  choices?: { id: string; name: string }[];
  sx?: TextFieldProps['sx'];
  children?: ReactNode;
}

const display = (value: unknown, type: DocFieldType) => {
  if (value == null) return '';
  if (type === 'numberList' && Array.isArray(value)) return value.join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};

function parse(text: string, type: DocFieldType): unknown {
  if (type === 'number' || type === 'numberOrExpression') return numberOrText(text);
  if (type === 'numberList') return listItems(text).map(numberOrText);
  return text;
}

/** One value of the document, edited in place, with the problems found at its path as helper text. */
export const DocField = ({ path, label, type = 'text', optional, choices, sx }: DocFieldProps) => {
  const translate = useTranslate();
  const { document, readOnly, edit } = useDraftEditing();
  const problems = useProblemsUnder(path);
  const problemsText = useProblemsText();
  const change = (text: string) => {
    if (optional && text === '') edit(path, undefined);
    else edit(path, parse(text, type));
  };
  const monospace = type === 'expression' || type === 'numberOrExpression';
  const value = display(getIn(document, path), type);
  // A value the choices do not offer (typed in JSON) stays visible, for the validator to flag.
  const options =
    choices && value !== '' && !choices.some((choice) => choice.id === value)
      ? [...choices, { id: value, name: value }]
      : choices;
  return (
    <TextField
      label={translate(label)}
      value={value}
      onChange={(event) => change(event.target.value)}
      type={type === 'number' ? 'number' : 'text'}
      multiline={type === 'multiline'}
      select={options !== undefined}
      disabled={readOnly}
      error={hasError(problems)}
      helperText={problemsText(problems) || undefined}
      size="small"
      sx={sx}
      slotProps={{
        htmlInput: {
          'data-path': jsonPath(path),
          ...(monospace ? { style: { fontFamily: 'monospace' } } : {}),
        },
      }}
    >
      {options?.map((choice) => (
        <MenuItem key={choice.id} value={choice.id}>
          {translate(choice.name, { _: choice.name })}
        </MenuItem>
      ))}
    </TextField>
  );
};
