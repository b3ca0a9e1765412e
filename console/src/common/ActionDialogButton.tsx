import {
  Alert,
  Button,
  type ButtonProps,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
  Tooltip,
  Typography,
} from '@mui/material';
import { type ReactElement, type ReactNode, useId, useState } from 'react';
import { Form, useNotify, useRefresh, useTranslate } from 'react-admin';
import { errorMessage } from './errors';

export interface ActionDialogButtonProps<Values, Result> {
  /** i18n keys. */
  label: string;
  title: string;
  description?: string;
  /** Interpolations for title and description. */
  messageArgs?: Record<string, unknown>;
  /** Notified when the action succeeds; none when `onDone` tells the user itself. */
  successMessage?: string;
  icon?: ReactElement;
  color?: ButtonProps['color'];
  /** Names the button and its dialog's confirm button for tests, in any language. */
  testId?: string;
  /** Shown on the button instead of translating `label` (a count, say). */
  labelArgs?: Record<string, unknown>;
  /** With an i18n key saying why, shown as the button's tooltip. */
  disabledReason?: string | null;
  defaultValues?: Record<string, unknown>;
  /** react-admin inputs the action needs (a note, a limit); none for a plain confirmation. */
  children?: ReactNode;
  /** A dataProvider custom method: components never fetch by hand. */
  action: (values: Values) => Promise<Result>;
  onDone?: (result: Result) => void;
}

/**
 * A domain action behind a confirmation dialog, run pessimistically: the dialog stays open until the API
 * answers, and a refusal is shown in it as the API words it, so the user can correct the input and retry.
 */
export function ActionDialogButton<Values extends Record<string, unknown>, Result>(
  props: ActionDialogButtonProps<Values, Result>,
) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    if (pending) return;
    setOpen(false);
    setError(null);
  };

  const submit = async (values: Record<string, unknown>) => {
    setPending(true);
    setError(null);
    try {
      const result = await props.action(values as Values);
      setOpen(false);
      if (props.successMessage) notify(props.successMessage, { type: 'success' });
      refresh();
      props.onDone?.(result);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setPending(false);
    }
  };

  const button = (disabled: boolean) => (
    <Button
      variant="outlined"
      size="small"
      color={props.color}
      startIcon={props.icon}
      disabled={disabled}
      data-testid={props.testId}
      onClick={(event) => {
        // Rows open on click; the button must not.
        event.stopPropagation();
        setOpen(true);
      }}
    >
      {translate(props.label, props.labelArgs)}
    </Button>
  );

  return (
    <>
      {props.disabledReason ? (
        <>
          <Tooltip title={translate(props.disabledReason)}>
            {/* A disabled button fires no events: the span carries the tooltip. */}
            <span>{button(true)}</span>
          </Tooltip>
          <Typography variant="caption" color="text.secondary" data-testid="disabled-reason">
            {translate(props.disabledReason)}
          </Typography>
        </>
      ) : (
        button(false)
      )}
      <Dialog
        open={open}
        onClose={close}
        aria-labelledby={titleId}
        fullWidth
        maxWidth="sm"
        onClick={(event) => event.stopPropagation()}
      >
        <Form onSubmit={submit} defaultValues={props.defaultValues}>
          <DialogTitle id={titleId}>{translate(props.title, props.messageArgs)}</DialogTitle>
          <DialogContent>
            <Stack spacing={1}>
              {props.description && (
                <DialogContentText>{translate(props.description, props.messageArgs)}</DialogContentText>
              )}
              {props.children}
              {error && (
                <Alert severity="error" data-testid="action-error">
                  {error}
                </Alert>
              )}
            </Stack>
          </DialogContent>
          <DialogActions>
            <Button onClick={close} disabled={pending}>
              {translate('ra.action.cancel')}
            </Button>
            <Button
              type="submit"
              variant="contained"
              color={props.color}
              disabled={pending}
              data-testid="dialog-confirm"
            >
              {translate('ra.action.confirm')}
            </Button>
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
}
