import BlockIcon from '@mui/icons-material/Block';
import { Chip } from '@mui/material';
import { CreateButton, DataTable, List, TopToolbar, useDataProvider, useTranslate } from 'react-admin';
import { ActionDialogButton } from '../common/ActionDialogButton';
import { VerbatimField } from '../common/fields';
import { RolesField } from '../common/RolesField';
import type { SpillwayDataProvider } from '../dataProvider';
import type { User } from '../dataProvider/admin';

const ActiveChip = ({ active }: { active: boolean }) => {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={active ? 'success' : 'default'}
      label={translate(active ? 'spillway.user.active' : 'spillway.user.inactive')}
    />
  );
};

const DeactivateButton = ({ user }: { user: User }) => {
  const dataProvider = useDataProvider<SpillwayDataProvider>();
  if (!user.active) return null;
  return (
    <ActionDialogButton
      label="spillway.user.deactivate"
      title="spillway.user.deactivateTitle"
      description="spillway.user.deactivateDescription"
      messageArgs={{ email: user.email }}
      successMessage="spillway.user.deactivated"
      icon={<BlockIcon />}
      color="error"
      action={() => dataProvider.deactivateUser({ id: user.id })}
    />
  );
};

const Column = DataTable.Col<User>;

export const UserList = () => (
  <List
    perPage={25}
    exporter={false}
    sort={{ field: 'email', order: 'ASC' }}
    actions={
      <TopToolbar>
        <CreateButton />
      </TopToolbar>
    }
  >
    <DataTable<User> bulkActionButtons={false} rowClick={false}>
      <Column source="email" field={VerbatimField} disableSort />
      <Column source="name" field={VerbatimField} disableSort />
      <Column source="roles" field={RolesField} disableSort />
      <Column source="active" render={(user) => <ActiveChip active={user.active} />} disableSort />
      <Column label="" render={(user) => <DeactivateButton user={user} />} disableSort />
    </DataTable>
  </List>
);
