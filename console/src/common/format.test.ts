import { describe, expect, it } from 'vitest';
import { createFormatter } from './format';

describe('formatting', () => {
  const en = createFormatter('en');
  const zh = createFormatter('zh');

  it('words money exactly from decimal strings, with the grouping of the language', () => {
    expect(en.money('1500.00')).toBe('CN¥1,500.00');
    expect(zh.money('1500.00')).toBe('¥1,500.00');
    expect(en.money('12345678901234.56')).toBe('CN¥12,345,678,901,234.56');
    expect(en.money(null)).toBe('—');
  });

  it('rounds computed numbers to what a person reads', () => {
    expect(en.number(1666.666666666667)).toBe('1,666.67');
    expect(en.number(0.001234)).toBe('0.00123');
    expect(en.count(17276)).toBe('17,276');
  });

  it('shows rates as percentages and basis points as rates', () => {
    expect(en.percent(0.125)).toBe('12.5%');
    expect(en.bps(2350)).toBe('23.5%');
    expect(en.bpsChange(200, 'bps')).toBe('+200 bps');
    expect(en.bpsChange(-60, 'bps')).toBe('-60 bps');
  });

  it('words durations in the largest readable unit', () => {
    expect(en.duration(340)).toBe('340 ms');
    expect(en.duration(26136)).toBe('26.1 sec');
    expect(zh.duration(26136)).toBe('26.1秒');
    expect(en.duration(150_000)).toBe('2.5 min');
  });

  it('formats a fact by its catalog unit', () => {
    expect(en.fact(45, 'days')).toBe('45 days');
    expect(zh.fact(45, 'days')).toBe('45天');
    expect(en.fact(0.35, 'fraction')).toBe('35%');
    expect(en.fact(20000, 'CNY')).toBe('CN¥20,000.00');
    expect(en.fact(712, 'points')).toBe('712');
    expect(en.fact('SH', null)).toBe('SH');
  });

  it('writes dates in the order of the language', () => {
    const at = '2026-12-03T08:04:18Z';
    expect(zh.dateTime(at)).toMatch(/^2026年12月3日/);
    expect(en.dateTime(at)).toMatch(/^Dec 3, 2026/);
  });
});
