import type { ReactElement, ReactNode } from 'react';
import { useListContext, useNotify, useTranslate } from 'react-admin';
import type { BulkResult } from '../dataProvider/monitoring';
import { ActionDialogButton } from './ActionDialogButton';

export interface BulkActionButtonProps<Values> {
  testId?: string;
  /** i18n keys; the title and description get the number selected as %{smart_count}. */
  label: string;
  title: string;
  description?: string;
  icon?: ReactElement;
  color?: 'primary' | 'success' | 'error' | 'warning';
  /** Inputs the action needs (a note); none for a plain confirmation. */
  children?: ReactNode;
  defaultValues?: Record<string, unknown>;
  /** A dataProvider bulk method: each record in its own transaction, audited alone. */
  action: (ids: string[], values: Values) => Promise<{ data: BulkResult<unknown> }>;
}

/**
 * An action on every selected row, behind a confirmation, run pessimistically (nothing is undoable): the
 * dialog waits for the API, then says how many were done and why any were left as they were.
 */
export function BulkActionButton<Values extends Record<string, unknown>>(
  props: BulkActionButtonProps<Values>,
) {
  const { selectedIds, onUnselectItems } = useListContext();
  const notify = useNotify();
  const translate = useTranslate();
  const count = selectedIds.length;
  return (
    <ActionDialogButton<Values, { data: BulkResult<unknown> }>
      label={props.label}
      testId={props.testId}
      title={props.title}
      description={props.description}
      messageArgs={{ smart_count: count }}
      icon={props.icon}
      color={props.color}
      defaultValues={props.defaultValues}
      action={(values) => props.action(selectedIds.map(String), values)}
      onDone={({ data }) => {
        const [failure] = data.failures;
        const why = failure ? translate(`spillway.bulk.failure.${failure.code}`, { _: failure.message }) : '';
        notify(failure ? 'spillway.bulk.partly' : 'spillway.bulk.done', {
          type: failure ? 'warning' : 'success',
          messageArgs: { smart_count: data.succeeded.length, failed: data.failures.length, why },
        });
        onUnselectItems();
      }}
    >
      {props.children}
    </ActionDialogButton>
  );
}
