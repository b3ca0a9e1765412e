import polyglotI18nProvider from 'ra-i18n-polyglot';
import { describe, expect, it } from 'vitest';
import { englishMessages } from '../i18n/en';
import { chineseMessages } from '../i18n/zh';
import { createFormatter } from './format';
import { wordReason } from './reasons';

function wording(locale: 'en' | 'zh') {
  const provider = polyglotI18nProvider(() => (locale === 'zh' ? chineseMessages : englishMessages), locale);
  const translate = (key: string, options?: Record<string, unknown>) => provider.translate(key, options);
  const factLabel = (name: string) => translate(`spillway.factLabel.${name}`, { _: name });
  return (reason: { code: string; message: string; params?: Record<string, number | string> | null }) =>
    wordReason(reason, translate, createFormatter(locale), factLabel);
}

describe('reasons in the reader’s language', () => {
  const en = wording('en');
  const zh = wording('zh');

  it('word the figures a reason carries, not the float its message embeds', () => {
    const capped = {
      code: 'INCOME_CAP',
      message: 'income-cap caps the limit at 1666.666666666667',
      params: { cap: 'income-cap', value: 1666.666666666667 },
    };
    expect(en(capped)).toBe('Capped at CN¥1,666.67: a third of annual income');
    expect(zh(capped)).toBe('额度上限 ¥1,666.67：年收入的三分之一');
  });

  it('word a cap of a code it does not know from the generic cap text', () => {
    expect(en({ code: 'MY_CAP', message: 'x', params: { cap: 'my-cap', value: 500 } })).toBe(
      'Capped at CN¥500.00 by my-cap',
    );
  });

  it('name the missing fact by its label', () => {
    expect(
      zh({ code: 'MISSING_FACT', message: 'bureauScore is missing', params: { fact: 'bureauScore' } }),
    ).toBe('缺少征信评分');
  });

  it('fall back to the API message for an unknown code, or a stored reason without its figures', () => {
    expect(en({ code: 'HOUSE_RULE', message: 'Our own rule.' })).toBe('Our own rule.');
    expect(en({ code: 'AFFORDABLE_LIMIT', message: 'repayment capacity allows at most 9000' })).toBe(
      'repayment capacity allows at most 9000',
    );
  });

  it('word factors and basis points', () => {
    expect(zh({ code: 'FAIR_SCORE_HAIRCUT', message: '', params: { factor: 0.8 } })).toBe(
      '征信评分一般，额度降为 80%',
    );
    expect(en({ code: 'MULTI_LENDER_PREMIUM', message: '', params: { bps: 200 } })).toBe(
      'Rate +200 bps for multi-lending',
    );
  });
});
