import UploadIcon from '@mui/icons-material/UploadFile';
import { Alert, Button, Stack, TextField, Typography } from '@mui/material';
import type { ChangeEvent } from 'react';
import { useTranslate } from 'react-admin';
import type { CaseSetFormat } from '../../dataProvider/caseSets';
import { Choice, StepCard, Text } from './inputs';
import { detectFormat, readHeader, tooLarge } from './mapping';

export interface FileState {
  name: string;
  fileName: string | null;
  content: string;
  format: CaseSetFormat;
  refColumn: string;
}

/** The file (uploaded or pasted), its format, name and reference column. */
export const FileStep = ({ file, onChange }: { file: FileState; onChange: (file: FileState) => void }) => {
  const translate = useTranslate();
  const header = readHeader(file.content, file.format);
  const oversized = tooLarge(file.content);
  const setContent = (content: string, fileName: string | null) =>
    onChange({ ...file, content, fileName, format: detectFormat(fileName, content), refColumn: '' });
  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    if (chosen) setContent(await chosen.text(), chosen.name);
  };
  return (
    <StepCard title="spillway.caseSet.step.file">
      <Text
        label="spillway.caseSet.name"
        value={file.name}
        onChange={(name) => onChange({ ...file, name })}
      />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Button component="label" variant="outlined" startIcon={<UploadIcon />}>
          {translate('spillway.caseSet.upload')}
          <input
            hidden
            type="file"
            accept=".csv,.jsonl,.ndjson,text/csv"
            onChange={upload}
            data-testid="case-file"
          />
        </Button>
        {file.fileName && <Typography variant="body2">{file.fileName}</Typography>}
      </Stack>
      <TextField
        label={translate('spillway.caseSet.paste')}
        value={file.content}
        onChange={(event) => setContent(event.target.value, null)}
        multiline
        minRows={6}
        maxRows={16}
        fullWidth
        slotProps={{
          htmlInput: { 'data-testid': 'case-content', style: { fontFamily: 'monospace', fontSize: 12 } },
        }}
      />
      {oversized && <Alert severity="warning">{translate('spillway.caseSet.tooLarge')}</Alert>}
      <Stack direction="row" spacing={2}>
        <Choice
          label="spillway.caseSet.format"
          value={file.format}
          values={['CSV', 'JSONL']}
          onChange={(format) => onChange({ ...file, format: format as CaseSetFormat, refColumn: '' })}
        />
        <Choice
          label="spillway.caseSet.refColumn"
          value={file.refColumn}
          values={['', ...header]}
          onChange={(refColumn) => onChange({ ...file, refColumn })}
          minWidth={220}
        />
      </Stack>
      <Typography variant="body2" color="text.secondary" data-testid="case-header">
        {header.length > 0
          ? translate('spillway.caseSet.header', { columns: header.join(', ') })
          : translate('spillway.caseSet.noHeader')}
      </Typography>
    </StepCard>
  );
};
