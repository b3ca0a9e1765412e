import { Box, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { Verbatim } from './fields';
import { EMPTY, useFormat } from './format';
import { formatValue } from './json';
import { type Column, SimpleTable } from './SimpleTable';
import type { ScoredCard } from './trace/trace';

type Part = ScoredCard['points'][number];

/**
 * Each scorecard's score and where its points came from: per characteristic the value scored, its bin, the
 * points it earned and how many it lost against its best bin; the reasons are the costliest first.
 */
export const ScorePoints = ({ cards }: { cards: ScoredCard[] }) => {
  const translate = useTranslate();
  const format = useFormat();
  if (cards.length === 0) {
    return <Typography color="text.secondary">{translate('spillway.score.none')}</Typography>;
  }
  const columns: Column<Part>[] = [
    { label: 'spillway.score.characteristic', render: (part) => <Verbatim>{part.characteristic}</Verbatim> },
    {
      label: 'spillway.score.value',
      render: (part) => <Verbatim mono>{part.value == null ? EMPTY : formatValue(part.value)}</Verbatim>,
    },
    { label: 'spillway.score.bin', render: (part) => <Verbatim mono>{part.bin}</Verbatim> },
    { label: 'spillway.score.points', render: (part) => format.number(part.points), align: 'right' },
    {
      label: 'spillway.score.belowBest',
      render: (part) => (part.pointsBelowBest === 0 ? EMPTY : format.number(-part.pointsBelowBest)),
      align: 'right',
    },
    { label: 'spillway.score.reasonCode', render: (part) => <Verbatim mono>{part.reasonCode}</Verbatim> },
  ];
  return (
    <Stack spacing={2}>
      {cards.map((card) => (
        <Box key={`${card.stage}-${card.name}`} data-testid="score-points" data-card={card.name}>
          <Stack direction="row" spacing={3} sx={{ alignItems: 'baseline', flexWrap: 'wrap', mb: 1 }}>
            <Typography variant="subtitle1">
              <Verbatim>{card.name}</Verbatim>
            </Typography>
            <Typography variant="body2" data-testid="score-total">
              {translate('spillway.score.total', { score: format.number(card.score) })}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {translate('spillway.score.badProbability', {
                probability: format.percent(card.badProbability),
              })}
            </Typography>
            {card.missingCount > 0 && (
              <Typography variant="body2" color="warning.main">
                {translate('spillway.score.missing', { smart_count: card.missingCount })}
              </Typography>
            )}
          </Stack>
          <SimpleTable name="score-points" rows={card.points} columns={columns} empty="spillway.score.none" />
          {card.reasons.length > 0 && (
            <Typography variant="body2" sx={{ mt: 1 }}>
              {translate('spillway.score.reasons')}{' '}
              <Verbatim mono>{card.reasons.map((reason) => reason.code).join(', ')}</Verbatim>
            </Typography>
          )}
        </Box>
      ))}
    </Stack>
  );
};
