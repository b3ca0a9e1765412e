import { Link } from '@mui/material';
import type { ReactNode } from 'react';
import { useCreatePath } from 'react-admin';
import { Link as RouterLink } from 'react-router';

/** A link to a record's show page: a plain link, so nothing is fetched until it is followed. */
export const RecordLink = ({
  resource,
  id,
  children,
}: {
  resource: string;
  id: string;
  children: ReactNode;
}) => {
  const createPath = useCreatePath();
  return (
    <Link component={RouterLink} to={createPath({ resource, id, type: 'show' })}>
      {children}
    </Link>
  );
};
