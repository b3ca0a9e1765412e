import { Box, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { JsonBlock } from '../JsonBlock';
import { isObject, type JsonObject } from '../json';
import { RecordsTable } from './RecordsTable';
import { RuleView } from './RuleView';

/** Shown in the stage's header line, not again in its body. */
const HEADER_KEYS = ['kind', 'stage', 'policy', 'revision', 'asOf'];

const SubSection = ({ title, children }: { title: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="subtitle1">
        {translate(`spillway.trace.section.${title}`, { _: title })}
      </Typography>
      {children}
    </Box>
  );
};

/** A stage's parts: its rules, its lists of records as tables, and whatever else as JSON details. */
export const StageBody = ({ body }: { body: unknown }) => {
  if (!isObject(body)) return <JsonBlock value={body} />;
  const sections: ReactNode[] = [];
  const details: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (HEADER_KEYS.includes(key) && typeof value === 'string') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (key === 'rules' && Array.isArray(value)) {
      sections.push(
        <SubSection key={key} title={key}>
          {value.map((rule, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rules keep their evaluated order
            <RuleView key={index} rule={rule} />
          ))}
        </SubSection>,
      );
    } else if (Array.isArray(value) && value.every(isObject)) {
      sections.push(
        <SubSection key={key} title={key}>
          <RecordsTable name={key} rows={value} />
        </SubSection>,
      );
    } else {
      details[key] = value;
    }
  }
  return (
    <>
      {sections}
      {Object.keys(details).length > 0 && (
        <SubSection title="details">
          <JsonBlock value={details} />
        </SubSection>
      )}
    </>
  );
};
