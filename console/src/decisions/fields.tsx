import { Link } from '@mui/material';
import { type FieldProps, useCreatePath, useFieldValue } from 'react-admin';
import { Link as RouterLink } from 'react-router';
import { ReferralStatusChip } from '../common/chips';
import { MonthsText, Verbatim } from '../common/fields';
import type { Decision, ReferralStatus } from '../dataProvider/decisions';

export const MonthsField = (props: FieldProps) => (
  <MonthsText value={useFieldValue(props) as number | null | undefined} />
);

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
      <Verbatim>{borrower.externalRef}</Verbatim>
    </Link>
  );
};
