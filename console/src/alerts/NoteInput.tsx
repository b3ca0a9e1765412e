import { TextInput } from 'react-admin';

/** Why someone acted on an alert: kept with it and in the audit log. */
export const NoteInput = () => (
  <TextInput source="note" label="spillway.alert.note" multiline minRows={2} fullWidth />
);
