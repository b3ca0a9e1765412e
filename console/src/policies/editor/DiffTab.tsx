import { Stack, Typography } from '@mui/material';
import { diffPolicies, type PolicyDocument } from '@spillway/rules';
import { useMemo } from 'react';
import { useTranslate } from 'react-admin';
import { Verbatim } from '../../common/fields';
import { EMPTY } from '../../common/format';
import { formatValue } from '../../common/json';
import { Section, SimpleTable } from '../../common/SimpleTable';
import type { PolicyVersion } from '../../dataProvider/policies';
import { useDraftEditing } from './DraftEditing';
import { type DiffRow, diffSections } from './diffRows';

const shown = (value: unknown) => (value === undefined ? EMPTY : formatValue(value));

const columns = [
  { label: 'spillway.diff.what', render: (row: DiffRow) => <Verbatim>{row.what}</Verbatim>, mono: true },
  {
    label: 'spillway.diff.before',
    render: (row: DiffRow) => <Verbatim>{shown(row.before)}</Verbatim>,
    mono: true,
  },
  {
    label: 'spillway.diff.after',
    render: (row: DiffRow) => <Verbatim>{shown(row.after)}</Verbatim>,
    mono: true,
  },
];

/**
 * What this version changes against the published one, rule by rule, computed in the browser by rules/
 * (the same diff the API's policyDiff gives), so unsaved edits show at once.
 */
export const DiffTab = ({ version }: { version: PolicyVersion }) => {
  const translate = useTranslate();
  const { document } = useDraftEditing();
  const published = version.policy.publishedVersion;
  const sections = useMemo(() => {
    if (!published) return null;
    try {
      return diffSections(
        diffPolicies(published.document as unknown as PolicyDocument, document as unknown as PolicyDocument),
      );
    } catch {
      // A document too malformed to compare (rules not a list...): its problems say what to fix first.
      return 'malformed' as const;
    }
  }, [published, document]);
  if (!published || sections === null) {
    return <Typography color="text.secondary">{translate('spillway.diff.noPublished')}</Typography>;
  }
  if (published.id === version.id) {
    return <Typography color="text.secondary">{translate('spillway.diff.isPublished')}</Typography>;
  }
  if (sections === 'malformed') {
    return <Typography color="error">{translate('spillway.diff.malformed')}</Typography>;
  }
  return (
    <Stack spacing={3} data-testid="policy-diff">
      <Typography color="text.secondary">
        {translate('spillway.diff.against', { number: published.number })}
      </Typography>
      {sections.length === 0 && <Typography>{translate('spillway.diff.identical')}</Typography>}
      {sections.map(([section, rows]) => (
        <Section key={section} title={`spillway.diff.section.${section}`}>
          <SimpleTable
            name={`diff-${section}`}
            rows={rows}
            columns={columns}
            empty="spillway.diff.identical"
          />
        </Section>
      ))}
    </Stack>
  );
};
