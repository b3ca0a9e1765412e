import WaterDropIcon from '@mui/icons-material/WaterDrop';
import { Box, Typography } from '@mui/material';
import { AppBar as RaAppBar, TitlePortal, useTranslate } from 'react-admin';

export const AppBar = () => {
  const translate = useTranslate();
  return (
    // On a phone the brand keeps only its drop, and the language menu its one line, so the bar fits.
    <RaAppBar
      color="secondary"
      sx={{ '& button[aria-controls="simple-menu"]': { whiteSpace: 'nowrap', flexShrink: 0 } }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mr: { xs: 1, sm: 3 } }}>
        <WaterDropIcon fontSize="small" />
        <Typography
          variant="h6"
          component="span"
          sx={{ fontWeight: 600, display: { xs: 'none', sm: 'inline' } }}
        >
          {translate('spillway.app.title')}
        </Typography>
      </Box>
      <TitlePortal sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 }} />
    </RaAppBar>
  );
};
