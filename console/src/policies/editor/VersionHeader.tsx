import { Breadcrumbs, Link, Stack, Typography } from '@mui/material';
import { useCreatePath, useTranslate } from 'react-admin';
import { Link as RouterLink } from 'react-router';
import type { PolicyVersion } from '../../dataProvider/policies';
import { VersionStatusChip } from '../fields';

/** Where the version sits (breadcrumbs), its number, status, revision and the version it came from. */
export const VersionHeader = ({ version }: { version: PolicyVersion }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const kind = translate(`spillway.policyKind.${version.policy.kind}`);
  return (
    <Stack spacing={1}>
      <Breadcrumbs>
        <Link component={RouterLink} to={createPath({ resource: 'policies', type: 'list' })}>
          {translate('resources.policies.name', { smart_count: 2 })}
        </Link>
        <Link
          component={RouterLink}
          to={createPath({ resource: 'policies', id: version.policy.id, type: 'show' })}
        >
          {translate('spillway.policy.title', { kind, product: version.policy.productKey })}
        </Link>
        <Typography color="text.primary">v{version.number}</Typography>
      </Breadcrumbs>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1">
          {translate('spillway.version.title', { kind, number: version.number })}
        </Typography>
        <span data-testid="version-status">
          <VersionStatusChip status={version.status} />
        </span>
        <Typography variant="caption" sx={{ fontFamily: 'monospace' }} title={version.revision}>
          {version.revision.slice(0, 12)}
        </Typography>
        {version.basedOnNumber != null && (
          <Typography variant="caption" color="text.secondary">
            {translate('spillway.version.basedOn', { number: version.basedOnNumber })}
          </Typography>
        )}
      </Stack>
    </Stack>
  );
};
