import { Link } from '@mui/material';
import { type FieldProps, useCreatePath, useFieldValue, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router';
import { ReferralStatusChip } from '../common/chips';
import { EMPTY } from '../common/format';
import type { Decision, ReferralStatus } from '../dataProvider/decisions';

export const MonthsField = (props: FieldProps) => {
  const value = useFieldValue(props) as number | null | undefined;
  const translate = useTranslate();
  return <span>{value == null ? EMPTY : translate('spillway.units.months', { smart_count: value })}</span>;
};

export const LatencyField = (props: FieldProps) => {
  const value = useFieldValue(props) as number | null | undefined;
  const translate = useTranslate();
  return value == null ? null : <span>{translate('spillway.units.milliseconds', { value })}</span>;
};

export const ReferralStatusField = (props: FieldProps) => (
  <ReferralStatusChip status={useFieldValue(props) as ReferralStatus | null | undefined} />
);

/** The borrower a decision is about, linking to their page; a plain link, so no second fetch. */
export const BorrowerLinkField = (props: FieldProps) => {
  const borrower = useFieldValue(props) as Decision['borrower'] | undefined;
  const createPath = useCreatePath();
  if (!borrower) return null;
  return (
    <Link
      component={RouterLink}
      to={createPath({ resource: 'borrowers', id: borrower.id, type: 'show' })}
      onClick={(event) => event.stopPropagation()}
    >
      {borrower.externalRef}
    </Link>
  );
};
