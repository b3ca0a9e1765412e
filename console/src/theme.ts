import { defaultDarkTheme, defaultLightTheme, type RaThemeOptions } from 'react-admin';

// A deep water blue for the brand; outcome chips keep MUI's success/warning/error so meaning reads at a glance.
const brand = { main: '#0f4c81', light: '#4a77b1', dark: '#002554', contrastText: '#fff' };
const shape = { borderRadius: 8 };

/**
 * What keeps every page within the window: a list wider than its page scrolls inside its own box, and a
 * Chinese header breaks between words (it has none, so it stays on one line), never one character a line.
 */
const components = {
  MuiTableCell: { styleOverrides: { head: { wordBreak: 'keep-all' } } },
  RaDataTable: {
    styleOverrides: { root: { maxWidth: '100%', '& .RaDataTable-tableWrapper': { overflowX: 'auto' } } },
  },
  // react-admin's layout grows to fit its widest content (min-width: fit-content): held to the window here,
  // its content scrolls in its own boxes instead.
  RaLayout: { styleOverrides: { root: { minWidth: 0, '& .RaLayout-content': { minWidth: 0 } } } },
  RaList: { styleOverrides: { root: { '& .RaList-main': { minWidth: 0 } } } },
  RaShow: { styleOverrides: { root: { '& .RaShow-main': { minWidth: 0 } } } },
} as RaThemeOptions['components'];

export const lightTheme: RaThemeOptions = {
  ...defaultLightTheme,
  shape,
  palette: {
    ...defaultLightTheme.palette,
    primary: brand,
    secondary: brand,
    background: { default: '#f4f6f9' },
  },
  components: { ...defaultLightTheme.components, ...components },
};

export const darkTheme: RaThemeOptions = {
  ...defaultDarkTheme,
  shape,
  palette: {
    ...defaultDarkTheme.palette,
    primary: { main: '#8fb8e8' },
    secondary: { main: '#4a77b1' },
  },
  components: { ...defaultDarkTheme.components, ...components },
};
