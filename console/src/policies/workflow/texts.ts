import { useTranslate } from 'react-admin';
import type { Policy } from '../../dataProvider/policies';

type WorkflowAction =
  | 'newDraft'
  | 'draftFrom'
  | 'submit'
  | 'approve'
  | 'reject'
  | 'publish'
  | 'setChallenger'
  | 'removeChallenger'
  | 'rollback'
  | 'rollbackTo';

/** An action's button label, dialog title and description, and success notice: spillway.workflow.<action>. */
export const texts = (action: WorkflowAction) => ({
  testId: `workflow-${action}`,
  label: `spillway.workflow.${action}.label`,
  title: `spillway.workflow.${action}.title`,
  description: `spillway.workflow.${action}.description`,
  successMessage: `spillway.workflow.${action}.done`,
});

/** What the dialogs say the version is: "Admission v2". */
export function useVersionArgs(kind: Policy['kind'], number?: number) {
  const translate = useTranslate();
  return { kind: translate(`spillway.policyKind.${kind}`), number };
}
