import { Link } from '@mui/material';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';

/** Where a version is edited (a draft) or read (any other): under its policy. */
export const versionPath = (policyId: string, versionId: string) =>
  `/policies/${policyId}/versions/${versionId}`;

/** A link to a policy version's page, "v3" unless told otherwise. */
export const VersionLink = ({
  policyId,
  versionId,
  number,
  children,
}: {
  policyId: string;
  versionId: string;
  number?: number | null;
  children?: ReactNode;
}) => (
  <Link
    component={RouterLink}
    to={versionPath(policyId, versionId)}
    onClick={(event) => event.stopPropagation()}
  >
    {children ?? `v${number ?? '?'}`}
  </Link>
);
