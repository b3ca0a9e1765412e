/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };

// the sources as text, bundled by Vite: the test itself needs no file system access
const sources = import.meta.glob('../src/*.ts', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

const FORBIDDEN_IMPORTS = [
  /^@spillway\/(api|console)/,
  /^graphql/,
  /^type-graphql/,
  /^@mikro-orm\//,
  /^react/,
  /^@apollo\//,
  /^express/,
  /^(node:)?(fs|http|https|net|child_process|worker_threads|crypto)$/,
  /^\.\.\//,
];

describe('rules/ stays pure', () => {
  it('has sources to check', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
  });

  it.each(Object.entries(sources))('%s imports only its runtime dependencies and itself', (_file, text) => {
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map(
      (match) => match[1],
    );
    for (const specifier of specifiers) {
      expect(
        FORBIDDEN_IMPORTS.some((pattern) => pattern.test(specifier)),
        specifier,
      ).toBe(false);
      expect(
        specifier.startsWith('./') || ['json-rules-engine', 'filtrex', 'ml-matrix'].includes(specifier),
        specifier,
      ).toBe(true);
    }
  });

  it.each(Object.entries(sources))('%s reads no clock, randomness or environment', (_file, text) => {
    expect(text).not.toMatch(
      /Date\.now\(|new Date\(\s*\)|Math\.random\(|performance\.now\(|process\.env|\beval\(|new Function\(/,
    );
  });

  it('declares exactly the runtime dependencies it imports', () => {
    expect(Object.keys(packageJson.dependencies).sort()).toEqual([
      'filtrex',
      'json-rules-engine',
      'ml-matrix',
    ]);
  });
});
