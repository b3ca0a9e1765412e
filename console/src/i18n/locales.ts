export const locales = [
  { locale: 'en', name: 'English' },
  { locale: 'zh', name: '简体中文' },
];

/** The BCP 47 tag Intl formats numbers and dates with for a console locale. */
export function intlLocale(locale: string): string {
  return locale === 'zh' ? 'zh-CN' : 'en-US';
}
