import { json } from '@codemirror/lang-json';
import { Alert, Box, Stack, useTheme } from '@mui/material';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { useTranslate } from 'react-admin';
import { ProblemList } from '../../common/ProblemList';
import { useDraftEditing } from './DraftEditing';

// Wrapped lines: a long description would otherwise widen the whole page.
const extensions = [json(), EditorView.lineWrapping];

/** The whole document as JSON: every edit here reaches the visual editors as soon as the text parses. */
export const JsonTab = () => {
  const translate = useTranslate();
  const theme = useTheme();
  const { text, parseError, editText, readOnly, problems } = useDraftEditing();
  return (
    <Stack spacing={2}>
      {parseError && (
        <Alert severity="error" data-testid="json-parse-error">
          {translate('spillway.editor.jsonInvalid', { error: parseError })}
        </Alert>
      )}
      <Box
        data-testid="json-editor"
        sx={{ border: 1, borderColor: 'divider', borderRadius: 1, overflow: 'hidden' }}
      >
        <CodeMirror
          value={text}
          onChange={editText}
          extensions={extensions}
          editable={!readOnly}
          readOnly={readOnly}
          theme={theme.palette.mode}
          height="60vh"
          aria-label={translate('spillway.editor.tab.json')}
        />
      </Box>
      <ProblemList problems={problems} />
    </Stack>
  );
};
