import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultPolicies } from '@spillway/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/server.js';

const run = promisify(execFile);
const cli = join(repoRoot, 'api', 'dist', 'src', 'cli.js');
const SUITE = join(repoRoot, 'test', 'fixtures', 'regression-suite.csv');
const SUITE_MAPPING = join(repoRoot, 'test', 'fixtures', 'regression-suite.mapping.json');

/** The replay command as a CI pipeline runs it: the built CLI, its exit code, its output and its report. */
describe('npm run replay', () => {
  let dir: string;
  let dataDir: string;

  async function replay(...args: string[]) {
    const report = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
    try {
      const { stdout, stderr } = await run(process.execPath, [cli, 'replay', ...args, '--report', report], {
        cwd: repoRoot,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          SPILLWAY_DATA_DIR: dataDir,
          DATABASE_URL: '',
          SPILLWAY_DEMO_DECISIONS: '25',
        },
      });
      return { code: 0, stdout, stderr, report: () => JSON.parse(readFileSync(report, 'utf8')) };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return {
        code: failed.code,
        stdout: failed.stdout,
        stderr: failed.stderr,
        report: () => JSON.parse(readFileSync(report, 'utf8')),
      };
    }
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'spillway-replay-'));
    dataDir = join(dir, 'data');
    const stricter = defaultPolicies().ADMISSION;
    stricter.parameters = { ...stricter.parameters, minBureauScore: 650 };
    writeFileSync(join(dir, 'stricter-admission.json'), JSON.stringify(stricter));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes the regression suite under the published policies, and reports it', async () => {
    const result = await replay('--cases', SUITE, '--mapping', SUITE_MAPPING, '--expected');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('expectations: 5 checked, 0 missed');
    expect(result.stdout).toContain('PASSED');
    expect(result.report()).toMatchObject({
      mode: 'cases',
      cases: 6,
      expectationsChecked: 5,
      regressions: 0,
      passed: true,
    });
  }, 60_000);

  it('exits 1 when a candidate breaks an expectation, naming the case and the field', async () => {
    const result = await replay(
      '--cases',
      SUITE,
      '--mapping',
      SUITE_MAPPING,
      '--expected',
      '--candidate',
      join(dir, 'stricter-admission.json'),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAILED: 1 regression(s)');
    const report = result.report();
    expect(report.candidate[0]).toMatchObject({ kind: 'ADMISSION', versionId: null });
    expect(report.differences).toEqual([
      expect.objectContaining({
        line: 4,
        changeKind: 'REFERRAL_CHANGE',
        expectationFailures: [{ field: 'outcome', expected: 'REFER', actual: 'DECLINE' }],
      }),
    ]);
  }, 60_000);

  it('replays the recorded decisions with no mismatch', async () => {
    const result = await replay('--decisions');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('mismatches: 0');
    expect(result.report()).toMatchObject({ mode: 'decisions', cases: 25, mismatches: 0, passed: true });
  }, 60_000);

  it('refuses bad input with exit 2, a code and the place of the problem, and writes no report', async () => {
    const badMapping = join(dir, 'bad.mapping.json');
    const mapping = JSON.parse(readFileSync(SUITE_MAPPING, 'utf8'));
    mapping.columns.score.fact = 'creditScore';
    mapping.columns.missing = { fact: 'age' };
    writeFileSync(badMapping, JSON.stringify(mapping));
    const unknown = await replay('--cases', SUITE, '--mapping', badMapping);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('replay: MAPPING_INVALID');
    expect(unknown.stderr).toContain('$.columns.score.fact: UNKNOWN_FACT');
    expect(unknown.stderr).toContain('$.columns.missing: UNKNOWN_COLUMN');
    expect(() => unknown.report()).toThrow();

    const broken = join(dir, 'broken.csv');
    const lines = readFileSync(SUITE, 'utf8').split('\n');
    lines[3] = lines[3].replace('600', 'six hundred');
    writeFileSync(broken, lines.join('\n'));
    const malformed = await replay('--cases', broken, '--mapping', SUITE_MAPPING);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/replay: ROWS_INVALID: .*\n {2}line 4: INVALID_NUMBER/);

    const usage = await replay('--mapping', SUITE_MAPPING);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('give either --cases (with --mapping) or --decisions');
  }, 60_000);
});
