import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { useDocumentLanguage } from '../i18n';
import { AppBar } from './AppBar';

export const Layout = ({ children }: { children: ReactNode }) => {
  useDocumentLanguage();
  return <RaLayout appBar={AppBar}>{children}</RaLayout>;
};
