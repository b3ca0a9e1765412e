import { Stack } from '@mui/material';
import type { ReactNode } from 'react';
import { DataTable, List, TextInput } from 'react-admin';
import { DateTimeText, PolicyKindLabel } from '../common/fields';
import { EMPTY } from '../common/format';
import { DEFAULT_PRODUCT_KEY, type Policy } from '../dataProvider/policies';
import { ChallengerText } from './fields';

const filters = [<TextInput key="productKey" source="productKey" alwaysOn />];

/** A version number with what qualifies it (when it was published, how it challenges...) underneath. */
const VersionCell = ({ number, children }: { number: number | undefined; children?: ReactNode }) =>
  number === undefined ? (
    EMPTY
  ) : (
    <Stack>
      <span>v{number}</span>
      {children}
    </Stack>
  );

const Column = DataTable.Col<Policy>;

// A product owns one policy of each kind; the API lists them by kind and offers no other order.
export const PolicyList = () => (
  <List
    filters={filters}
    filterDefaultValues={{ productKey: DEFAULT_PRODUCT_KEY }}
    sort={{ field: 'kind', order: 'ASC' }}
    perPage={25}
    pagination={false}
    exporter={false}
  >
    <DataTable<Policy> rowClick="show" bulkActionButtons={false}>
      <Column source="kind" render={(policy) => <PolicyKindLabel kind={policy.kind} />} disableSort />
      <Column source="productKey" disableSort />
      <Column
        source="publishedVersion"
        render={(policy) => (
          <VersionCell number={policy.publishedVersion?.number}>
            <DateTimeText value={policy.publishedVersion?.publishedAt} />
          </VersionCell>
        )}
        disableSort
      />
      <Column
        source="challengerVersion"
        render={(policy) => (
          <VersionCell number={policy.challengerVersion?.number}>
            <ChallengerText mode={policy.challengerMode} share={policy.challengerShare} />
          </VersionCell>
        )}
        disableSort
      />
      <Column
        source="scheduledVersion"
        render={(policy) => (
          <VersionCell number={policy.scheduledVersion?.number}>
            <DateTimeText value={policy.scheduledVersion?.effectiveAt} />
          </VersionCell>
        )}
        disableSort
      />
    </DataTable>
  </List>
);
