export { Layout } from './Layout';
export { LoginPage } from './LoginPage';
