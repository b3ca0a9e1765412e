import { Admin, Resource, type ResourceProps } from 'react-admin';
import { HashRouter } from 'react-router';
import alerts from './alerts';
import apiKeys from './apiKeys';
import audit from './audit';
import { authProvider } from './authProvider';
import backtests from './backtests';
import borrowers from './borrowers';
import budgets from './budgets';
import caseSets from './caseSets';
import compliance from './compliance';
import { Dashboard } from './dashboard';
import { dataProvider } from './dataProvider';
import decisions from './decisions';
import { i18nProvider } from './i18n';
import { Layout, LoginPage } from './layout';
import overflowCustomers from './overflowCustomers';
import { type ResourceName, visibleResources } from './permissions';
import policies, { versions } from './policies';
import portfolioReviews from './portfolioReviews';
import referrals from './referrals';
import scorecardFits from './scorecardFits';
import { darkTheme, lightTheme } from './theme';
import users from './users';

const views: Record<ResourceName, Omit<ResourceProps, 'name'>> = {
  policies,
  versions,
  decisions,
  referrals,
  borrowers,
  backtests,
  scorecardFits,
  caseSets,
  alerts,
  portfolioReviews,
  overflowCustomers,
  budgets,
  complianceFindings: compliance,
  audit,
  users,
  apiKeys,
};

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
      dashboard={Dashboard}
      lightTheme={lightTheme}
      darkTheme={darkTheme}
      requireAuth
      disableTelemetry
    >
      {/* Unregistered resources have neither a menu item nor a route, so a role never lands on a page
          the API would only answer FORBIDDEN to. */}
      {(permissions) =>
        visibleResources(permissions).map((name) => <Resource key={name} name={name} {...views[name]} />)
      }
    </Admin>
  </HashRouter>
);
