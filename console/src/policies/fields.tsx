import { Chip, type ChipProps, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { DateTimeText, Verbatim } from '../common/fields';
import { EMPTY, useFormat } from '../common/format';
import type { ChallengerMode, Person, VersionStatus } from '../dataProvider/policies';

const statusColors: Record<VersionStatus, ChipProps['color']> = {
  DRAFT: 'default',
  IN_REVIEW: 'warning',
  APPROVED: 'info',
  PUBLISHED: 'success',
  RETIRED: 'default',
  REJECTED: 'error',
};

export const VersionStatusChip = ({ status }: { status: VersionStatus }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      variant={status === 'PUBLISHED' ? 'filled' : 'outlined'}
      color={statusColors[status] ?? 'default'}
      label={translate(`spillway.versionStatus.${status}`, { _: status })}
      data-status={status}
    />
  );
};

/** Who did something and when, in one cell: "Riley Risk" over the time. */
export const PersonAt = ({ person, at }: { person: Person | null; at: string | null }) =>
  person || at ? (
    <Stack>
      <Verbatim>{person?.name ?? EMPTY}</Verbatim>
      <Typography variant="caption" color="text.secondary">
        <DateTimeText value={at} />
      </Typography>
    </Stack>
  ) : (
    EMPTY
  );

export const ChallengerText = ({ mode, share }: { mode: ChallengerMode | null; share: number | null }) => {
  const translate = useTranslate();
  const format = useFormat();
  if (!mode) return null;
  const label = translate(`spillway.challengerMode.${mode}`);
  return <>{mode === 'SPLIT' && share != null ? `${label} · ${format.percent(share)}` : label}</>;
};
