import { Box, Stack } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { Verbatim } from '../common/fields';
import { useFormat } from '../common/format';
import { JsonBlock } from '../common/JsonBlock';
import { isObject, type JsonObject } from '../common/json';
import { RecordLink } from '../common/RecordLink';
import { VersionLink } from '../common/VersionLink';
import type { AuditEvent } from '../dataProvider/audit';

/** The label group of an entity's statuses: versions, alerts and referrals name theirs alike. */
const statusGroupOf = (entityType: string, key: string) => {
  if (key === 'cutStatus') return 'cutStatus';
  if (entityType === 'Alert') return 'alertStatus';
  if (entityType === 'Decision') return 'referralStatus';
  return 'versionStatus';
};

/** A before or after as words: "In review", "Open · awaiting approval", "active". */
function useStateText(entityType: string) {
  const translate = useTranslate();
  return (state: unknown): string => {
    if (typeof state === 'string')
      return translate(`spillway.${statusGroupOf(entityType, 'status')}.${state}`, { _: state });
    if (!isObject(state)) return '';
    const parts: string[] = [];
    for (const [key, value] of Object.entries(state)) {
      if ((key === 'status' || key === 'cutStatus') && typeof value === 'string')
        parts.push(translate(`spillway.${statusGroupOf(entityType, key)}.${value}`, { _: value }));
      else if (key === 'active' && typeof value === 'boolean')
        parts.push(translate(value ? 'spillway.auditSummary.active' : 'spillway.auditSummary.inactive'));
      else if (key === 'revokedAt' && value) parts.push(translate('spillway.auditSummary.revoked'));
    }
    return parts.join(' · ');
  };
}

/**
 * What an audited change did, in words: the version or record it concerns, the status it moved from and to,
 * the figures and the note; everything the event recorded stays one click away as JSON.
 */
export const AuditSummary = ({ event }: { event: AuditEvent }) => {
  const translate = useTranslate();
  const format = useFormat();
  const stateText = useStateText(event.entityType);
  const summary = event.summary as JsonObject;
  const parts: ReactNode[] = [];
  if (typeof summary.kind === 'string' && typeof summary.number === 'number') {
    parts.push(
      translate('spillway.auditSummary.version', {
        kind: translate(`spillway.policyKind.${summary.kind}`, { _: summary.kind }),
        number: summary.number,
      }),
    );
  }
  const before = stateText(summary.before);
  const after = stateText(summary.after);
  if (before || after) parts.push(before && after ? `${before} → ${after}` : after || before);
  if (typeof summary.limit === 'string')
    parts.push(translate('spillway.auditSummary.limit', { limit: format.money(summary.limit) }));
  const cases = typeof summary.cases === 'number' ? summary.cases : null;
  if (cases !== null)
    parts.push(translate('spillway.auditSummary.cases', { smart_count: cases, count: format.count(cases) }));
  if (typeof summary.casesDone === 'number' && typeof summary.casesTotal === 'number') {
    parts.push(
      translate('spillway.auditSummary.casesDone', {
        done: format.count(summary.casesDone),
        total: format.count(summary.casesTotal),
      }),
    );
  }
  if (typeof summary.failedRows === 'number' && summary.failedRows > 0)
    parts.push(
      translate('spillway.auditSummary.failedRows', {
        smart_count: summary.failedRows,
        count: format.count(summary.failedRows),
      }),
    );
  if (typeof summary.trigger === 'string')
    parts.push(translate(`spillway.review.trigger.${summary.trigger}`, { _: summary.trigger }));
  if ('cron' in summary)
    parts.push(
      typeof summary.cron === 'string'
        ? translate('spillway.auditSummary.cron', { cron: summary.cron })
        : translate('spillway.auditSummary.noSchedule'),
    );
  const at = [
    summary.scheduledFor,
    summary.nextRunAt,
    isObject(summary.after) ? summary.after.effectiveAt : null,
  ].find((value) => typeof value === 'string');
  if (typeof at === 'string')
    parts.push(translate('spillway.auditSummary.effectiveAt', { at: format.dateTime(at) }));
  const note = [summary.note, summary.comment].find((value) => typeof value === 'string' && value !== '');
  const name =
    typeof summary.name === 'string'
      ? summary.name
      : isObject(summary.after)
        ? (summary.after.email ?? summary.after.name)
        : null;
  return (
    <Stack spacing={0.5}>
      <span>
        {parts.join(' · ')}
        {typeof name === 'string' && (
          <>
            {parts.length > 0 && ' · '}
            <Verbatim>{name}</Verbatim>
          </>
        )}
        {typeof note === 'string' && (
          <>
            {' · '}
            <Verbatim>“{note}”</Verbatim>
          </>
        )}
      </span>
      <Box component="details" onClick={(click) => click.stopPropagation()}>
        <Box component="summary" sx={{ cursor: 'pointer', color: 'text.secondary', fontSize: 12 }}>
          {translate('spillway.auditSummary.details')}
        </Box>
        <JsonBlock value={event.summary} />
      </Box>
    </Stack>
  );
};

/** The resource each audited entity is shown by, where it has a page of its own. */
const RESOURCES: Record<string, string> = {
  Policy: 'policies',
  Alert: 'alerts',
  Decision: 'decisions',
  Backtest: 'backtests',
  CaseSet: 'caseSets',
  PortfolioReview: 'portfolioReviews',
  ComplianceFinding: 'complianceFindings',
};

/** The entity an event changed, linked to its page where it has one. */
export const AuditEntity = ({ event }: { event: AuditEvent }) => {
  const translate = useTranslate();
  const label = translate(`spillway.entityType.${event.entityType}`, { _: event.entityType });
  const summary = event.summary as JsonObject;
  const resource = RESOURCES[event.entityType];
  if (event.entityType === 'PolicyVersion' && typeof summary.policyId === 'string') {
    return (
      <VersionLink policyId={summary.policyId} versionId={event.entityId}>
        {label}
      </VersionLink>
    );
  }
  if (resource) {
    return (
      <RecordLink resource={resource} id={event.entityId}>
        {label}
      </RecordLink>
    );
  }
  return (
    <span>
      {label} <Verbatim mono>{event.entityId.slice(0, 8)}</Verbatim>
    </span>
  );
};
