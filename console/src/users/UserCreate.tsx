import {
  CheckboxGroupInput,
  Create,
  email,
  minLength,
  PasswordInput,
  required,
  SimpleForm,
  TextInput,
} from 'react-admin';

// APP belongs to API keys: the API refuses it for a person.
const roleChoices = ['RISK_MANAGER', 'APPROVER', 'QA_ANALYST', 'ADMIN'].map((id) => ({
  id,
  name: `spillway.role.${id}`,
}));

export const UserCreate = () => (
  <Create redirect="list">
    <SimpleForm>
      <TextInput source="email" type="email" validate={[required(), email()]} />
      <TextInput source="name" validate={required()} />
      <PasswordInput source="password" validate={[required(), minLength(12)]} autoComplete="new-password" />
      <CheckboxGroupInput source="roles" choices={roleChoices} validate={required()} />
    </SimpleForm>
  </Create>
);
