import { Tooltip } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { Decision } from '../dataProvider/decisions';
import { useFactLabel } from './factCatalog';
import { Verbatim } from './fields';
import { type Formatter, useFormat } from './format';

export type Reason = NonNullable<Decision['reasons']>[number];
type ReasonParams = NonNullable<Reason['params']>;
type Translate = ReturnType<typeof useTranslate>;

/** A reason's params as its text shows them: money, a percentage, a fact's name... */
function formattedParams(
  params: ReasonParams,
  format: Formatter,
  translate: Translate,
  factLabel: (name: string) => string,
) {
  const money = (value: unknown) => format.money(value as number);
  const known: Record<string, (value: unknown) => string> = {
    value: money,
    limit: money,
    minimum: money,
    factor: (value) => format.percent(value as number),
    bps: (value) => format.bpsChange(value as number, translate('spillway.units.bps')),
    ceilingBps: (value) => format.bps(value as number),
    fact: (value) => factLabel(String(value)),
    what: (value) => translate(`spillway.limitPart.${value}`, { _: factLabel(String(value)) }),
    cap: (value) => String(value),
  };
  const formatted: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) formatted[key] = known[key]?.(value) ?? String(value);
  if ('ceilingBps' in formatted) formatted.ceiling = formatted.ceilingBps;
  return formatted;
}

const UNFILLED = /%\{\w+\}/;

/**
 * A reason in the reader's language, from its code and params: the API's (English) message only for a code
 * the console does not know, or for a stored reason without the figures its text needs.
 */
export function wordReason(
  { code, message, params }: Pick<Reason, 'code' | 'message' | 'params'>,
  translate: Translate,
  format: Formatter,
  factLabel: (name: string) => string,
): string {
  const args = params ? formattedParams(params, format, translate, factLabel) : {};
  const key = translate(`spillway.reasonCode.${code}`, { _: '' }) ? code : params?.cap ? 'CAP' : null;
  if (!key) return message || code;
  const text = translate(`spillway.reasonCode.${key}`, args);
  return UNFILLED.test(text) ? message || code : text;
}

export function useReasonText(): (reason: Pick<Reason, 'code' | 'message' | 'params'>) => string {
  const translate = useTranslate();
  const format = useFormat();
  const factLabel = useFactLabel();
  return (reason) => wordReason(reason, translate, format, factLabel);
}

/** A reason code worded, with the code itself one hover away. */
export const ReasonText = ({ reason }: { reason: Pick<Reason, 'code' | 'message' | 'params'> }) => {
  const text = useReasonText()(reason);
  return (
    <Tooltip title={<Verbatim mono>{reason.code}</Verbatim>}>
      <span data-reason={reason.code}>{text}</span>
    </Tooltip>
  );
};

/** An alert's or a rule's reason code worded (alerts carry a code and no message). */
export const ReasonCodeText = ({ code }: { code: string }) => <ReasonText reason={{ code, message: '' }} />;
