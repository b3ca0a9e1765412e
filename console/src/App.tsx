import { Admin, Resource } from 'react-admin';
import { HashRouter } from 'react-router';
import { authProvider } from './authProvider';
import { dataProvider } from './dataProvider';
import decisions from './decisions';
import { i18nProvider } from './i18n';
import { Layout } from './layout/Layout';
import { LoginPage } from './layout/LoginPage';
import { darkTheme, lightTheme } from './theme';

// react-admin's own router applies location changes in a React transition. A failed auth check logs out,
// and the logout resets the store and query cache while navigating to /login: those urgent updates keep
// restarting the transition, so the login page could take many seconds to appear (react-admin #10764).
// A router without transitions commits the navigation at once.
export const App = () => (
  <HashRouter useTransitions={false}>
    <Admin
      title="Spillway"
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      loginPage={LoginPage}
      layout={Layout}
      lightTheme={lightTheme}
      darkTheme={darkTheme}
      requireAuth
      disableTelemetry
    >
      <Resource name="decisions" {...decisions} />
    </Admin>
  </HashRouter>
);
