import { Chip, Stack } from '@mui/material';
import { type FieldProps, useFieldValue, useTranslate } from 'react-admin';
import type { Role } from '../session';

export const RolesField = (props: FieldProps) => {
  const roles = (useFieldValue(props) as Role[] | undefined) ?? [];
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap' }}>
      {roles.map((role) => (
        <Chip
          key={role}
          size="small"
          variant="outlined"
          label={translate(`spillway.role.${role}`, { _: role })}
        />
      ))}
    </Stack>
  );
};
