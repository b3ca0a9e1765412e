import { Chip, Stack } from '@mui/material';
import { DataTable, List } from 'react-admin';
import { DateTimeField, MoneyField } from '../common/fields';
import { EMPTY } from '../common/format';
import type { Decision } from '../dataProvider/decisions';

const Column = DataTable.Col<Decision>;

/** One chip per code: several rules may give the same reason (a missing fact, say) with different words. */
const ReasonCodes = ({ record }: { record: Decision }) => {
  const messages = new Map<string, string[]>();
  for (const reason of record.reasons ?? []) {
    messages.set(reason.code, [...(messages.get(reason.code) ?? []), reason.message]);
  }
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {[...messages].map(([code, texts]) => (
        <Chip key={code} size="small" label={code} title={[...new Set(texts)].join('\n')} />
      ))}
    </Stack>
  );
};

// Oldest-first would suit a queue, but the API lists newest first and offers no other order.
export const ReferralList = () => (
  <List perPage={25} exporter={false} sort={{ field: 'decidedAt', order: 'DESC' }}>
    <DataTable<Decision> rowClick="show" bulkActionButtons={false}>
      <Column source="decidedAt" field={DateTimeField} disableSort />
      <Column source="borrower.externalRef" disableSort />
      <Column source="reasons" render={(record) => <ReasonCodes record={record} />} disableSort />
      <Column source="approvedLimit" field={MoneyField} align="right" disableSort />
      <Column source="affordableLimit" field={MoneyField} align="right" disableSort />
      <Column source="riskTier" render={(record) => record.riskTier ?? EMPTY} disableSort />
    </DataTable>
  </List>
);
