import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, loadConfig, parseDatabaseUrl, parsePort } from '../src/core/config.js';
import { StartupError } from '../src/core/startup-error.js';

function startupErrorOf(run: () => unknown): StartupError {
  try {
    run();
  } catch (error) {
    if (error instanceof StartupError) return error;
    throw error;
  }
  throw new Error('expected a StartupError');
}

describe('configuration', () => {
  it('defaults to an embedded SQLite file under the data directory', () => {
    expect(parseDatabaseUrl(undefined, '/srv/data')).toEqual({
      dialect: 'sqlite',
      url: '/srv/data/spillway.sqlite',
    });
    expect(parseDatabaseUrl('sqlite:/tmp/x.sqlite', '/srv/data')).toEqual({
      dialect: 'sqlite',
      url: '/tmp/x.sqlite',
    });
  });

  it('accepts postgres URLs with a database name', () => {
    expect(parseDatabaseUrl('postgres://u:p@db:5432/spillway', '/d').dialect).toBe('postgresql');
  });

  it.each([
    ['mysql://db/spillway', 'DATABASE_URL_INVALID'],
    ['postgres://', 'DATABASE_URL_INVALID'],
    ['postgres://db:5432/', 'DATABASE_URL_INVALID'],
    ['not a url', 'DATABASE_URL_INVALID'],
  ])('rejects DATABASE_URL %s with %s and a fix', (url, code) => {
    const error = startupErrorOf(() => parseDatabaseUrl(url, '/d'));
    expect(error.code).toBe(code);
    expect(error.toLine()).toMatch(/Fix: /);
    expect(error.toLine()).not.toContain('\n');
  });

  it('rejects a port that is not a number', () => {
    expect(parsePort('4000')).toBe(4000);
    expect(startupErrorOf(() => parsePort('http')).code).toBe('CONFIG_INVALID');
    expect(startupErrorOf(() => parsePort('70000')).code).toBe('CONFIG_INVALID');
  });

  it('refuses production without an explicit secret and refuses demo mode in production', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spillway-config-'));
    try {
      expect(
        startupErrorOf(() => loadConfig({ NODE_ENV: 'production', SPILLWAY_DATA_DIR: dataDir })).code,
      ).toBe('CONFIG_INVALID');
      expect(
        startupErrorOf(() =>
          loadConfig({ NODE_ENV: 'production', SPILLWAY_DEMO: 'true', SPILLWAY_DATA_DIR: dataDir }),
        ).code,
      ).toBe('DEMO_IN_PRODUCTION');
      const config = loadConfig({ SPILLWAY_DATA_DIR: dataDir });
      expect(config.demo).toBe(true);
      expect(loadConfig({ SPILLWAY_DATA_DIR: dataDir }).secret).toBe(config.secret);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('reads the request limits, with defaults, and names a bad one', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spillway-config-'));
    try {
      expect(loadConfig({ SPILLWAY_DATA_DIR: dataDir })).toMatchObject(DEFAULT_LIMITS);
      const config = loadConfig({
        SPILLWAY_DATA_DIR: dataDir,
        SPILLWAY_RATE_LIMIT_PER_MINUTE: '60',
        SPILLWAY_MAX_QUERY_DEPTH: '8',
      });
      expect(config).toMatchObject({ rateLimitPerMinute: 60, maxQueryDepth: 8 });
      const error = startupErrorOf(() =>
        loadConfig({ SPILLWAY_DATA_DIR: dataDir, SPILLWAY_LOGIN_ATTEMPTS_PER_MINUTE: '0' }),
      );
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toContain('SPILLWAY_LOGIN_ATTEMPTS_PER_MINUTE');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('names an unwritable data directory', () => {
    // A path below a regular file cannot be created even by root, unlike a chmod-ed directory.
    const parent = mkdtempSync(join(tmpdir(), 'spillway-config-'));
    writeFileSync(join(parent, 'file'), '');
    try {
      const error = startupErrorOf(() => loadConfig({ SPILLWAY_DATA_DIR: join(parent, 'file', 'data') }));
      expect(error.code).toBe('DATA_DIR_NOT_WRITABLE');
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
