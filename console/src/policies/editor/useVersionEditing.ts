import { validatePolicy } from '@spillway/rules';
import { useMemo } from 'react';
import { usePermissions } from 'react-admin';
import type { PolicyProblem, PolicyVersion } from '../../dataProvider/policies';
import { canDo } from '../../permissions';
import type { DraftEditing } from './DraftEditing';
import { renameIn, setIn } from './documentPaths';
import { useDraftDocument } from './useDraftDocument';

/**
 * The draft being edited and what every editor tab reads of it: the document, whether it may change, its
 * problems (rules/' own while it has unsaved changes, the API's once saved) and how to change it.
 */
export function useVersionEditing(version: PolicyVersion) {
  const { permissions } = usePermissions();
  const draft = useDraftDocument(version.document, `${version.id}:${version.lockVersion}`);
  const editable = version.status === 'DRAFT' && canDo(permissions, 'editPolicy');
  // Before a save, rules/ checks in the browser; once saved, the API's answer (which also knows the document
  // must keep its policy's kind) is the one shown.
  const localValidation = useMemo(() => validatePolicy(draft.document), [draft.document]);
  const problems: PolicyProblem[] = useMemo(() => {
    const { errors, warnings } = draft.changed ? localValidation : version.validation;
    return [...errors, ...warnings];
  }, [draft.changed, localValidation, version.validation]);
  const { editDocument, editText } = draft;
  const editing: DraftEditing = useMemo(
    () => ({
      document: draft.document,
      kind: version.policy.kind,
      // A document that does not parse is shown as last parsed, and not changed around the broken text.
      readOnly: !editable || draft.parseError !== null,
      problems,
      edit: (path, value) => editDocument((document) => setIn(document, path, value)),
      rename: (path, from, to) => editDocument((document) => renameIn(document, path, from, to)),
      text: draft.text,
      parseError: draft.parseError,
      editText,
      unsaved: draft.changed,
    }),
    [
      draft.changed,
      draft.document,
      draft.text,
      draft.parseError,
      version.policy.kind,
      editable,
      problems,
      editDocument,
      editText,
    ],
  );
  return { draft, editable, problems, editing };
}
