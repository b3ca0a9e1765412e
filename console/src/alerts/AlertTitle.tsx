import { useRecordContext } from 'react-admin';
import { IndicatorText, Verbatim } from '../common/fields';
import type { Alert } from '../dataProvider/monitoring';

/** "Delinquency · TW-00042": what the alert is about, and whose line. */
export const AlertTitle = () => {
  const alert = useRecordContext<Alert>();
  if (!alert) return null;
  return (
    <>
      <IndicatorText indicator={alert.indicator} /> · <Verbatim>{alert.borrower?.externalRef ?? ''}</Verbatim>
    </>
  );
};
