import raEnglish from 'ra-language-english';
import { describe, expect, it } from 'vitest';
import { englishMessages, spillwayEnglish } from './en';
import { chineseMessages } from './zh';

/** Every leaf key path of a messages object. */
function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages)
    .flatMap(([key, value]) =>
      typeof value === 'object' && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
    )
    .sort();
}

describe('translations', () => {
  it("mirror react-admin's English core messages key for key", () => {
    const chineseCore = keys(chineseMessages).filter((key) => key.startsWith('ra.'));
    expect(chineseCore).toEqual(keys(raEnglish));
  });

  it('translate every Spillway message into Chinese and nothing more', () => {
    expect(keys(chineseMessages)).toEqual(keys(englishMessages));
    expect(keys(englishMessages)).toEqual(keys({ ...raEnglish, ...spillwayEnglish }));
  });

  it('leave no Chinese message empty', () => {
    const empty = keys(chineseMessages).filter((key) => {
      const value = key
        .split('.')
        .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], chineseMessages);
      // ra.boolean.null is a deliberate blank in every language.
      return key !== 'ra.boolean.null' && (typeof value !== 'string' || value.trim() === '');
    });
    expect(empty).toEqual([]);
  });
});
