import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { DocField, useDraftEditing } from './DraftEditing';
import { FieldCell } from './NamedEntries';
import { reasonPlaces } from './reasonPlaces';

/** Every reason code the policy gives, where it gives it: the words borrowers and reviewers will see. */
export const ReasonsTab = () => {
  const translate = useTranslate();
  const { document } = useDraftEditing();
  const places = reasonPlaces(document);
  if (places.length === 0)
    return <Typography color="text.secondary">{translate('spillway.reasons.none')}</Typography>;
  return (
    <Table size="small" data-testid="reason-codes">
      <TableHead>
        <TableRow>
          <TableCell>{translate('spillway.reasons.place')}</TableCell>
          <TableCell>{translate('spillway.reasons.code')}</TableCell>
          <TableCell>{translate('spillway.reasons.message')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {places.map((place) => (
          <TableRow key={place.reasonPath.join('.')}>
            <TableCell sx={{ verticalAlign: 'top' }}>
              {translate(`spillway.reasons.kind.${place.kind}`, { name: place.name ?? '?' })}
            </TableCell>
            <FieldCell>
              <DocField
                path={place.reasonPath}
                label="spillway.reasons.code"
                optional={place.kind === 'onMissingFact'}
              />
            </FieldCell>
            <FieldCell>
              {place.messagePath && (
                <DocField
                  path={place.messagePath}
                  label="spillway.reasons.message"
                  optional
                  sx={{ width: '100%' }}
                />
              )}
            </FieldCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
