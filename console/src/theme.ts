import { defaultDarkTheme, defaultLightTheme, type RaThemeOptions } from 'react-admin';

// A deep water blue for the brand; outcome chips keep MUI's success/warning/error so meaning reads at a glance.
const brand = { main: '#0f4c81', light: '#4a77b1', dark: '#002554', contrastText: '#fff' };
const shape = { borderRadius: 8 };

export const lightTheme: RaThemeOptions = {
  ...defaultLightTheme,
  shape,
  palette: {
    ...defaultLightTheme.palette,
    primary: brand,
    secondary: brand,
    background: { default: '#f4f6f9' },
  },
};

export const darkTheme: RaThemeOptions = {
  ...defaultDarkTheme,
  shape,
  palette: {
    ...defaultDarkTheme.palette,
    primary: { main: '#8fb8e8' },
    secondary: { main: '#4a77b1' },
  },
};
