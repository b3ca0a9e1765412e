import WaterDropIcon from '@mui/icons-material/WaterDrop';
import { Box, Typography } from '@mui/material';
import { AppBar as RaAppBar, TitlePortal, useTranslate } from 'react-admin';

export const AppBar = () => {
  const translate = useTranslate();
  return (
    <RaAppBar color="secondary">
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mr: 3 }}>
        <WaterDropIcon fontSize="small" />
        <Typography variant="h6" component="span" sx={{ fontWeight: 600 }}>
          {translate('spillway.app.title')}
        </Typography>
      </Box>
      <TitlePortal />
    </RaAppBar>
  );
};
