import AddIcon from '@mui/icons-material/Add';
import { Button } from '@mui/material';
import {
  DataTable,
  List,
  SimpleList,
  TopToolbar,
  useCreatePath,
  usePermissions,
  useTranslate,
} from 'react-admin';
import { Link } from 'react-router';
import { unsortedColumns } from '../common/columns';
import { DateTimeField, Verbatim } from '../common/fields';
import { EMPTY } from '../common/format';
import { JobProgress, JobStatusChip, pollWhile } from '../common/jobs';
import { useIsSmall } from '../common/lists';
import { isRunning } from '../dataProvider/backtests';
import type { ScorecardFit } from '../dataProvider/scorecardFits';
import { canDo } from '../permissions';

const FitButton = () => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { permissions } = usePermissions();
  if (!canDo(permissions, 'runBacktest')) return null;
  return (
    <Button
      component={Link}
      to={createPath({ resource: 'scorecardFits', type: 'create' })}
      startIcon={<AddIcon />}
      data-testid="new-fit"
    >
      {translate('spillway.fit.new')}
    </Button>
  );
};

const Actions = () => (
  <TopToolbar>
    <FitButton />
  </TopToolbar>
);

type ListQuery = { state: { data?: { data: ScorecardFit[] } } };
const anyRunning = pollWhile<{ data: ScorecardFit[] }>((page) =>
  page.data.some((fit) => isRunning(fit.status)),
);

/** Fits newest first; the page polls while one on it still runs. */
export const ScorecardFitList = () => {
  const isSmall = useIsSmall();
  return (
    <List
      empty={false}
      actions={<Actions />}
      perPage={25}
      exporter={false}
      sort={{ field: 'createdAt', order: 'DESC' }}
      queryOptions={{ refetchInterval: (query: ListQuery) => anyRunning(query) }}
    >
      {isSmall ? (
        <SimpleList<ScorecardFit>
          primaryText={(fit) => <Verbatim mono>{fit.name}</Verbatim>}
          secondaryText={(fit) => <Verbatim>{fit.caseSet?.name ?? EMPTY}</Verbatim>}
          tertiaryText={(fit) => <JobStatusChip status={fit.status} />}
          linkType="show"
        />
      ) : (
        <DataTable<ScorecardFit> rowClick="show" bulkActionButtons={false}>
          {unsortedColumns<ScorecardFit>([
            { source: 'createdAt', label: 'spillway.fit.createdAt', field: DateTimeField },
            {
              source: 'name',
              label: 'spillway.fit.name',
              render: (fit) => <Verbatim mono>{fit.name}</Verbatim>,
            },
            {
              source: 'status',
              label: 'spillway.fit.status',
              render: (fit) => <JobStatusChip status={fit.status} />,
            },
            {
              source: 'progress',
              label: 'spillway.fit.progress',
              render: (fit) => (
                <JobProgress
                  progress={fit.progress}
                  done={fit.casesRead + fit.casesSkipped}
                  total={fit.casesTotal}
                />
              ),
            },
            {
              source: 'caseSet.name',
              label: 'spillway.fit.caseSet',
              render: (fit) => <Verbatim>{fit.caseSet?.name ?? EMPTY}</Verbatim>,
            },
            {
              source: 'createdBy',
              label: 'spillway.fit.createdBy',
              render: (fit) => <Verbatim>{fit.createdBy}</Verbatim>,
            },
          ])}
        </DataTable>
      )}
    </List>
  );
};
