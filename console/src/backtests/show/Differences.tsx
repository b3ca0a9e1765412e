import { Typography } from '@mui/material';
import {
  BooleanInput,
  DataTable,
  FilterForm,
  ListBase,
  Pagination,
  SelectArrayInput,
  useTranslate,
} from 'react-admin';
import { unsortedColumns } from '../../common/columns';
import { ObservedText } from '../../common/fields';
import { Section } from '../../common/SimpleTable';
import { type Backtest, type BacktestDifference, CHANGE_KINDS } from '../../dataProvider/backtests';
import { ChangeKindChip } from '../fields';
import { SIDES } from '../metrics';
import { CaseCell, DifferenceFlags, SummaryCell } from './DifferenceCells';

/** The cases that changed, a page at a time, filtered by change kind (and regressions or mismatches). */
export const Differences = ({ backtest }: { backtest: Backtest }) => {
  const suite = (backtest.expectationsChecked ?? 0) > 0;
  const checked = suite || backtest.kind === 'REPLAY';
  const filters = [
    <SelectArrayInput
      key="changeKinds"
      source="changeKinds"
      label="spillway.backtest.changeKinds"
      choices={CHANGE_KINDS.map((id) => ({ id, name: `spillway.changeKind.${id}` }))}
      alwaysOn
      sx={{ minWidth: 240 }}
    />,
    ...(suite
      ? [
          <BooleanInput
            key="regressionsOnly"
            source="regressionsOnly"
            label="spillway.backtest.regressionsOnly"
            alwaysOn
          />,
        ]
      : []),
    ...(backtest.kind === 'REPLAY'
      ? [
          <BooleanInput
            key="mismatchesOnly"
            source="mismatchesOnly"
            label="spillway.backtest.mismatchesOnly"
            alwaysOn
          />,
        ]
      : []),
  ];
  return (
    <Section title="spillway.backtest.section.differences">
      <ListBase
        resource="backtestDifferences"
        filter={{ backtestId: backtest.id }}
        perPage={25}
        sort={{ field: 'line', order: 'ASC' }}
        disableSyncWithLocation
      >
        <FilterForm filters={filters} />
        <DataTable<BacktestDifference> bulkActionButtons={false} rowClick={false} empty={<NoDifferences />}>
          {unsortedColumns<BacktestDifference>([
            {
              source: 'line',
              label: 'spillway.backtest.case',
              render: (record) => <CaseCell record={record} />,
            },
            {
              source: 'changeKind',
              label: 'spillway.backtest.changeKind',
              render: (record) => <ChangeKindChip kind={record.changeKind} />,
            },
            ...SIDES.map((side) => ({
              source: side,
              label: `spillway.backtest.side.${side}`,
              render: (record: BacktestDifference) => <SummaryCell summary={record[side]} />,
            })),
            {
              source: 'observedDefault',
              label: 'spillway.backtest.observed',
              render: (record) => <ObservedText value={record.observedDefault} />,
            },
            // Expectations and mismatches exist only for regression suites and replays.
            ...(checked
              ? [
                  {
                    source: 'regression',
                    label: 'spillway.backtest.expectations',
                    render: (record: BacktestDifference) => <DifferenceFlags record={record} />,
                  },
                ]
              : []),
          ])}
        </DataTable>
        <Pagination rowsPerPageOptions={[10, 25, 50, 100]} />
      </ListBase>
    </Section>
  );
};

const NoDifferences = () => {
  const translate = useTranslate();
  return (
    <Typography color="text.secondary" sx={{ p: 2 }}>
      {translate('spillway.backtest.noDifferences')}
    </Typography>
  );
};
