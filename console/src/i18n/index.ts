import polyglotI18nProvider from 'ra-i18n-polyglot';
import { useEffect } from 'react';
import { resolveBrowserLocale, useLocaleState } from 'react-admin';
import { englishMessages } from './en';
import { intlLocale, locales } from './locales';
import { chineseMessages } from './zh';

export { intlLocale, locales };

export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'zh' ? chineseMessages : englishMessages),
  resolveBrowserLocale() === 'zh' ? 'zh' : 'en',
  locales,
);

/** Keeps `<html lang>` in step with the chosen locale, for screen readers and CJK font selection. */
export function useDocumentLanguage(): void {
  const [locale] = useLocaleState();
  useEffect(() => {
    document.documentElement.lang = intlLocale(locale);
  }, [locale]);
}
