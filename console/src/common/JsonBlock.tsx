import { Box } from '@mui/material';

/** A value as indented JSON, for what has no better view. */
export const JsonBlock = ({ value }: { value: unknown }) => (
  <Box
    component="pre"
    translate="no"
    sx={{ m: 0, p: 1, fontSize: 12, overflowX: 'auto', bgcolor: 'action.hover', borderRadius: 1 }}
  >
    {JSON.stringify(value, null, 2)}
  </Box>
);
