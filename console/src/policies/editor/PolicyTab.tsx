import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import {
  Box,
  Button,
  IconButton,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Tooltip,
} from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import { isObject } from '../../common/json';
import { Section } from '../../common/SimpleTable';
import { BUDGET_ACTIONS, BUDGET_MEASURES, BUDGET_WINDOWS } from '../../dataProvider/exposure';
import { DocField, ProblemText, useDraftEditing, useProblemsUnder } from './DraftEditing';
import { getIn } from './documentPaths';
import { FieldCell, freshName, NamedEntries } from './NamedEntries';

const Fields = ({ children }: { children: ReactNode }) => (
  <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: 2 }}>
    {children}
  </Box>
);

const belowMinimumChoices = ['DECLINE', 'REFER'].map((id) => ({ id, name: `spillway.outcome.${id}` }));
const missingFactChoices = ['REFER', 'DECLINE', 'ERROR'].map((id) => ({
  id,
  name: `spillway.missingFact.${id}`,
}));

/**
 * A list of objects in the document (LIMIT's caps, EXPOSURE's budgets), one row each: its cells, a remove
 * button, and an add button for a fresh entry whose name no other entry has.
 */
const EntryList = ({
  path,
  testId,
  cells,
  newEntry,
  addLabel,
}: {
  path: string[];
  testId: string;
  cells: (entry: (string | number)[]) => ReactNode;
  newEntry: (taken: Set<string>) => Record<string, unknown>;
  addLabel: string;
}) => {
  const translate = useTranslate();
  const { document, readOnly, edit } = useDraftEditing();
  const entries = getIn(document, path);
  const list = Array.isArray(entries) ? entries : [];
  const at = `$.${path.join('.')}`;
  const listProblems = useProblemsUnder(path).filter((problem) => problem.path === at);
  const add = () => {
    const taken = new Set(list.filter(isObject).map((entry) => String(entry.name)));
    edit([...path, list.length], newEntry(taken));
  };
  return (
    <Box data-testid={testId}>
      <ProblemText problems={listProblems} />
      <Table size="small">
        <TableBody>
          {list.map((_entry, index) => {
            const entry = [...path, index];
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: an entry is its place in the list, as its problems' paths are
              <TableRow key={index}>
                {cells(entry)}
                <FieldCell>
                  {!readOnly && (
                    <Tooltip title={translate('ra.action.remove')}>
                      <IconButton
                        aria-label={translate('ra.action.remove')}
                        onClick={() => edit(entry, undefined)}
                      >
                        <DeleteIcon />
                      </IconButton>
                    </Tooltip>
                  )}
                </FieldCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {!readOnly && (
        <Button startIcon={<AddIcon />} onClick={add}>
          {translate(addLabel)}
        </Button>
      )}
    </Box>
  );
};

/** LIMIT's unconditional caps: each binds with its own reason code. */
const Caps = () => (
  <EntryList
    path={['limit', 'caps']}
    testId="limit-caps"
    addLabel="spillway.limit.addCap"
    newEntry={(taken) => ({ name: freshName('new-cap', taken), value: '0', reason: 'NEW_CAP' })}
    cells={(path) => (
      <>
        <FieldCell>
          <DocField path={[...path, 'name']} label="spillway.limit.capName" />
        </FieldCell>
        <FieldCell>
          <DocField path={[...path, 'value']} label="spillway.limit.capValue" type="expression" />
        </FieldCell>
        <FieldCell>
          <DocField path={[...path, 'reason']} label="spillway.reasons.code" />
        </FieldCell>
        <FieldCell>
          <DocField path={[...path, 'description']} label="spillway.rule.description" optional />
        </FieldCell>
      </>
    )}
  />
);

const choicesOf = (values: string[], prefix: string) => values.map((id) => ({ id, name: `${prefix}.${id}` }));

/**
 * EXPOSURE's budgets: window, measure, cap (an amount, or a share with its floor) and what an excess does.
 * A segment or releaseOnCut is written in the JSON tab.
 */
const ExposureSection = () => (
  <>
    <Section title="spillway.policyKind.EXPOSURE">
      <Fields>
        <DocField path={['exposure', 'timeZone']} label="spillway.budget.timeZone" optional />
      </Fields>
    </Section>
    <Section title="spillway.budget.budgets">
      <EntryList
        path={['exposure', 'budgets']}
        testId="exposure-budgets"
        addLabel="spillway.budget.add"
        newEntry={(taken) => ({
          name: freshName('new-budget', taken),
          window: 'DAY',
          measure: 'NEW_EXPOSURE',
          amount: 1_000_000,
          onExceed: 'REFER',
        })}
        // Eight fields to a budget: a grid that wraps, not eight squeezed columns.
        cells={(path) => (
          <TableCell sx={{ width: '100%' }}>
            <Fields>
              <DocField path={[...path, 'name']} label="spillway.budget.name" />
              <DocField
                path={[...path, 'window']}
                label="spillway.budget.window"
                choices={choicesOf(BUDGET_WINDOWS, 'spillway.budget.windows')}
              />
              <DocField
                path={[...path, 'measure']}
                label="spillway.budget.measure"
                choices={choicesOf(BUDGET_MEASURES, 'spillway.budget.measures')}
              />
              <DocField path={[...path, 'amount']} label="spillway.budget.amount" type="number" optional />
              <DocField path={[...path, 'share']} label="spillway.budget.share" type="number" optional />
              <DocField path={[...path, 'floor']} label="spillway.budget.floor" type="number" optional />
              <DocField
                path={[...path, 'onExceed']}
                label="spillway.budget.onExceed"
                choices={choicesOf(BUDGET_ACTIONS, 'spillway.budget.actions')}
              />
              <DocField path={[...path, 'description']} label="spillway.rule.description" optional />
            </Fields>
          </TableCell>
        )}
      />
    </Section>
  </>
);

const LimitSection = () => (
  <>
    <Section title="spillway.policyKind.LIMIT">
      <Fields>
        <DocField path={['limit', 'base']} label="spillway.limit.base" type="expression" />
        <DocField path={['limit', 'affordable']} label="spillway.limit.affordable" type="expression" />
        <DocField path={['limit', 'step']} label="spillway.limit.step" type="number" />
        <DocField path={['limit', 'minimum']} label="spillway.limit.minimum" type="number" optional />
        <DocField
          path={['limit', 'belowMinimum', 'outcome']}
          label="spillway.limit.belowMinimumOutcome"
          choices={belowMinimumChoices}
        />
        <DocField path={['limit', 'belowMinimum', 'reason']} label="spillway.limit.belowMinimumReason" />
      </Fields>
    </Section>
    <Section title="spillway.limit.caps">
      <Caps />
    </Section>
  </>
);

const PricingSection = () => {
  const { document } = useDraftEditing();
  const tiers = getIn(document, ['pricing', 'tiers']);
  const tierChoices = isObject(tiers) ? Object.keys(tiers).map((id) => ({ id, name: id })) : [];
  return (
    <>
      <Section title="spillway.policyKind.PRICING">
        <Fields>
          <DocField
            path={['pricing', 'aprCeilingBps']}
            label="spillway.pricing.aprCeilingBps"
            type="number"
          />
          <DocField
            path={['pricing', 'aprFloorBps']}
            label="spillway.pricing.aprFloorBps"
            type="number"
            optional
          />
          <DocField
            path={['pricing', 'fallbackTier']}
            label="spillway.pricing.fallbackTier"
            choices={tierChoices}
            optional
          />
        </Fields>
      </Section>
      <Section title="spillway.pricing.tiers">
        <NamedEntries
          path={['pricing', 'tiers']}
          testId="pricing-tiers"
          columns={['spillway.pricing.aprBps', 'spillway.pricing.terms', 'spillway.rule.description']}
          renderCells={(name) => {
            const path = ['pricing', 'tiers', name];
            return (
              <>
                <FieldCell>
                  <DocField path={[...path, 'aprBps']} label="spillway.pricing.aprBps" type="number" />
                </FieldCell>
                <FieldCell>
                  <DocField path={[...path, 'terms']} label="spillway.pricing.terms" type="numberList" />
                </FieldCell>
                <FieldCell>
                  <DocField path={[...path, 'description']} label="spillway.rule.description" optional />
                </FieldCell>
              </>
            );
          }}
          newEntry={(taken) => [freshName('E', taken), { aprBps: 2000, terms: [12] }]}
          addLabel="spillway.pricing.addTier"
        />
      </Section>
    </>
  );
};

const MonitoringSection = () => (
  <Section title="spillway.policyKind.MONITORING">
    <Fields>
      <DocField path={['monitoring', 'step']} label="spillway.limit.step" type="number" />
    </Fields>
  </Section>
);

/** The parameters each type of compliance check reads (rules/src/compliance.ts), in the order shown. */
const CHECK_PARAMS: Record<string, { name: string; type: 'number' | 'numberList'; optional?: boolean }[]> = {
  INCOME_SHARE: [
    { name: 'numerator', type: 'number' },
    { name: 'denominator', type: 'number' },
  ],
  TOTAL_LIMIT: [{ name: 'maxAmount', type: 'number' }],
  APR_BAND: [
    { name: 'aboveBps', type: 'number' },
    { name: 'atMostBps', type: 'number', optional: true },
  ],
  TERM: [{ name: 'allowedTerms', type: 'numberList', optional: true }],
  OVERFLOW: [
    { name: 'dsrCap', type: 'number' },
    { name: 'aprBps', type: 'number' },
    { name: 'termMonths', type: 'number' },
  ],
};

/** COMPLIANCE's checks: each one's id, its source in the description, and its numbers. */
const ComplianceSection = () => {
  const translate = useTranslate();
  const { document } = useDraftEditing();
  const checks = getIn(document, ['compliance', 'checks']);
  const list = Array.isArray(checks) ? checks : [];
  const listProblems = useProblemsUnder(['compliance', 'checks']).filter(
    (problem) => problem.path === '$.compliance.checks',
  );
  return (
    <Section title="spillway.compliance.checks">
      <Box data-testid="compliance-checks">
        <ProblemText problems={listProblems} />
        <Table size="small">
          <TableBody>
            {list.map((check, index) => {
              const path = ['compliance', 'checks', index];
              const type = isObject(check) ? String(check.type) : '';
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: a check is its place in the list, as its problems' paths are
                <TableRow key={index}>
                  <FieldCell>
                    <DocField path={[...path, 'id']} label="spillway.compliance.checkId" />
                    <Box sx={{ mt: 1, fontFamily: 'monospace' }} translate="no">
                      {translate('spillway.compliance.checkType')}: {type}
                    </Box>
                  </FieldCell>
                  <FieldCell>
                    <DocField
                      path={[...path, 'description']}
                      label="spillway.rule.description"
                      type="multiline"
                      sx={{ minWidth: 280 }}
                    />
                  </FieldCell>
                  <FieldCell>
                    <Stack spacing={1}>
                      {(CHECK_PARAMS[type] ?? []).map((param) => (
                        <DocField
                          key={param.name}
                          path={[...path, 'params', param.name]}
                          label={`spillway.compliance.param.${param.name}`}
                          type={param.type}
                          optional={param.optional}
                        />
                      ))}
                    </Stack>
                  </FieldCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Box>
    </Section>
  );
};

const kindSections = {
  LIMIT: LimitSection,
  PRICING: PricingSection,
  MONITORING: MonitoringSection,
  EXPOSURE: ExposureSection,
  COMPLIANCE: ComplianceSection,
};

/** What the whole policy says: its name, what a missing fact means, and its kind's own section. */
export const PolicyTab = () => {
  const { kind } = useDraftEditing();
  const KindSection = kind in kindSections ? kindSections[kind as keyof typeof kindSections] : null;
  return (
    <Stack spacing={3}>
      <Section title="spillway.editor.general">
        <Fields>
          <DocField path={['name']} label="spillway.editor.policyName" />
          <DocField
            path={['onMissingFact', 'outcome']}
            label="spillway.editor.onMissingFact"
            choices={missingFactChoices}
          />
          <DocField path={['onMissingFact', 'reason']} label="spillway.editor.missingFactReason" optional />
        </Fields>
        <Box sx={{ mt: 2 }}>
          <DocField
            path={['description']}
            label="spillway.rule.description"
            type="multiline"
            optional
            sx={{ width: '100%' }}
          />
        </Box>
      </Section>
      {KindSection && <KindSection />}
    </Stack>
  );
};
