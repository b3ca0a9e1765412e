import WaterDropIcon from '@mui/icons-material/WaterDrop';
import { Box, Typography } from '@mui/material';
import {
  LocalesMenuButton,
  Login,
  LoginForm,
  PasswordInput,
  required,
  TextInput,
  useTranslate,
} from 'react-admin';
import { useDocumentLanguage } from '../i18n';

export const LoginPage = () => {
  const translate = useTranslate();
  useDocumentLanguage();
  return (
    <Login avatarIcon={<WaterDropIcon />}>
      <Box sx={{ textAlign: 'center', px: 2 }}>
        <Typography variant="h5" component="h1">
          {translate('spillway.app.title')}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {translate('spillway.app.tagline')}
        </Typography>
      </Box>
      <LoginForm>
        <TextInput
          autoFocus
          source="email"
          type="email"
          label={translate('ra.auth.email')}
          autoComplete="email"
          validate={required()}
        />
        <PasswordInput
          source="password"
          label={translate('ra.auth.password')}
          autoComplete="current-password"
          validate={required()}
        />
      </LoginForm>
      <Box sx={{ display: 'flex', justifyContent: 'center', pb: 1 }}>
        <LocalesMenuButton />
      </Box>
    </Login>
  );
};
