import { Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { binLabel, type ScorecardBin } from '@spillway/rules';
import { useTranslate } from 'react-admin';
import { Verbatim } from '../../common/fields';
import { isObject, type JsonObject } from '../../common/json';
import { ScrollX } from '../../common/SimpleTable';
import { DocField, ProblemText, useDraftEditing, useProblemsUnder } from './DraftEditing';
import type { Segment } from './documentPaths';
import { FieldCell } from './NamedEntries';

const SCALING_FIELD = { width: 240 };

/** A bin as its row names it; a bin of the wrong shape (typed in JSON) as its JSON, for the validator to flag. */
const binText = (bin: unknown) => {
  try {
    return binLabel(bin as ScorecardBin);
  } catch {
    return JSON.stringify(bin);
  }
};

/** One characteristic: what it reads, its reason code, and a row per bin with the points to edit. */
const CharacteristicPoints = ({ path, characteristic }: { path: Segment[]; characteristic: JsonObject }) => {
  const translate = useTranslate();
  const problems = useProblemsUnder(path).filter((problem) => !/\.bins\[\d+\]/.test(problem.path));
  const bins = Array.isArray(characteristic.bins) ? characteristic.bins : [];
  const source =
    typeof characteristic.fact === 'string' ? characteristic.fact : String(characteristic.expression ?? '');
  return (
    <TableBody data-characteristic={String(characteristic.name)}>
      {bins.map((bin, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: bins are edited in place, never reordered here
        <TableRow key={index}>
          {index === 0 && (
            <TableCell rowSpan={bins.length} sx={{ verticalAlign: 'top' }}>
              <Typography variant="body2">
                <Verbatim mono>{String(characteristic.name)}</Verbatim>
              </Typography>
              <Typography variant="caption" color="text.secondary" component="div">
                <Verbatim mono>{source}</Verbatim>
              </Typography>
              <ProblemText problems={problems} />
            </TableCell>
          )}
          <TableCell>
            <Verbatim mono>{binText(bin)}</Verbatim>
          </TableCell>
          <FieldCell>
            <DocField
              path={[...path, 'bins', index, 'points']}
              label="spillway.scorecard.points"
              type="number"
              sx={{ width: 110 }}
            />
          </FieldCell>
          {index === 0 && (
            <TableCell rowSpan={bins.length} sx={{ verticalAlign: 'top' }}>
              <DocField path={[...path, 'reasonCode']} label="spillway.scorecard.reasonCode" />
            </TableCell>
          )}
        </TableRow>
      ))}
      {bins.length === 0 && (
        <TableRow>
          <TableCell colSpan={4}>{translate('spillway.scorecard.noBins')}</TableCell>
        </TableRow>
      )}
    </TableBody>
  );
};

/**
 * The document's scorecards as points tables: per card its base points and scaling, and per characteristic
 * the points of every bin, edited in place like any other value of the draft (and checked as it is typed).
 * Bins and characteristics themselves are changed in the JSON tab, or fitted again from a case set.
 */
export const ScorecardsTab = () => {
  const translate = useTranslate();
  const { document } = useDraftEditing();
  const cards = isObject(document.scorecards) ? Object.entries(document.scorecards) : [];
  if (cards.length === 0) {
    return <Typography color="text.secondary">{translate('spillway.scorecard.none')}</Typography>;
  }
  return (
    <Stack spacing={4} data-testid="scorecards">
      {cards.map(([name, card]) => {
        const path: Segment[] = ['scorecards', name];
        const characteristics =
          isObject(card) && Array.isArray(card.characteristics) ? card.characteristics : [];
        return (
          <Stack key={name} spacing={2} data-scorecard={name}>
            <Typography variant="h6">
              <Verbatim mono>{name}</Verbatim>
            </Typography>
            <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2 }}>
              <DocField
                path={[...path, 'basePoints']}
                label="spillway.scorecard.basePoints"
                type="number"
                optional
                sx={SCALING_FIELD}
              />
              {(['pdo', 'baseScore', 'baseOdds'] as const).map((key) => (
                <DocField
                  key={key}
                  path={[...path, 'scaling', key]}
                  label={`spillway.scorecard.${key}`}
                  type="number"
                  sx={SCALING_FIELD}
                />
              ))}
            </Stack>
            <ScrollX>
              <Table size="small" data-table="scorecard-points">
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('spillway.scorecard.characteristic')}</TableCell>
                    <TableCell>{translate('spillway.scorecard.bin')}</TableCell>
                    <TableCell>{translate('spillway.scorecard.points')}</TableCell>
                    <TableCell>{translate('spillway.scorecard.reasonCode')}</TableCell>
                  </TableRow>
                </TableHead>
                {characteristics.map((characteristic, index) =>
                  isObject(characteristic) ? (
                    <CharacteristicPoints
                      // biome-ignore lint/suspicious/noArrayIndexKey: characteristics keep the card's order
                      key={index}
                      path={[...path, 'characteristics', index]}
                      characteristic={characteristic}
                    />
                  ) : null,
                )}
              </Table>
            </ScrollX>
          </Stack>
        );
      })}
    </Stack>
  );
};
