import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Case } from '../src/case-sets/case.entity.js';
import { CaseSet } from '../src/case-sets/case-set.entity.js';
import { csvRecords } from '../src/case-sets/table-reader.js';
import { findTaiwanData, readTaiwanCsv, readTaiwanMapping } from '../src/demo/demo-taiwan.js';
import { CASE_HEADER, caseCsv, CASE_MAPPING as MAPPING } from './support/cases.js';
import { testDialects } from './support/databases.js';
import { startTestApi, type TestApi } from './support/harness.js';

const dialects = await testDialects();

const IMPORT = `mutation ($input: ImportCaseSetInput!) { importCaseSet(input: $input) {
  importedRows failedRows rowErrors { line column path code message }
  caseSet { id name productKey status caseCount defaultCount unknownOutcomeCount failedRowCount createdBy } } }`;
const READ = `query ($id: ID!, $after: String) { caseSet(id: $id) { name caseCount
  cases(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id line externalRef facts application observedDefault } } } } }`;
const TRY = `mutation ($input: TryPolicyInput!) { tryPolicy(input: $input) { result } }`;

describe('the CSV reader', () => {
  async function read(text: string, chunk = 3) {
    const pieces = Array.from({ length: Math.ceil(text.length / chunk) }, (_, i) =>
      text.slice(i * chunk, (i + 1) * chunk),
    );
    const records = [];
    for await (const record of csvRecords(Readable.from(pieces))) records.push(record);
    return records;
  }

  it('reads quotes, escaped quotes, CRLF and line breaks inside quotes, across chunk boundaries', async () => {
    const records = await read('a,b,c\r\n"x, y","say ""hi""",3\r\n"two\r\nlines",,""\n\nlast,row,"end"');
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b', 'c'], error: undefined },
      { line: 2, cells: ['x, y', 'say "hi"', '3'], error: undefined },
      { line: 3, cells: ['two\r\nlines', '', ''], error: undefined },
      { line: 6, cells: ['last', 'row', 'end'], error: undefined },
    ]);
  });

  it('reports stray and unterminated quotes on the record they break', async () => {
    const records = await read('a,b\nx"y,2\n"ok"z,3\n"open,4');
    expect(records.map((record) => [record.line, Boolean(record.error)])).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, true],
    ]);
  });

  it('strips a byte order mark from bytes', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,x\n1,2\n')]);
    const records = [];
    for await (const record of csvRecords(Readable.from([bytes]))) records.push(record);
    expect(records[0].cells).toEqual(['id', 'x']);
  });
});

describe.each(dialects)('case sets on %s', (dialect) => {
  let api: TestApi;
  let qa: Record<string, string>;
  let importDir: string;

  const importSet = (input: Record<string, unknown>, headers = qa) =>
    api.request(
      IMPORT,
      { input: { name: 'test set', format: 'CSV', mapping: MAPPING, refColumn: 'ref', ...input } },
      headers,
    );
  const counts = async () => {
    const em = api.orm.em.fork();
    return { sets: await em.count(CaseSet, {}), cases: await em.count(Case, {}) };
  };

  beforeAll(async () => {
    importDir = mkdtempSync(join(tmpdir(), 'spillway-import-'));
    api = await startTestApi(dialect, { importDir });
    qa = await api.asUser('qa@spillway.local');
  });
  afterAll(async () => {
    await api?.close();
    rmSync(importDir, { recursive: true, force: true });
  });

  it('imports a few hundred rows with their outcomes, and pages through the cases', async () => {
    const result = await importSet({ content: caseCsv(350) });
    expect(result.errors).toBeUndefined();
    const { caseSet, importedRows, failedRows } = result.data.importCaseSet;
    expect({ importedRows, failedRows }).toEqual({ importedRows: 350, failedRows: 0 });
    expect(caseSet).toMatchObject({
      productKey: 'cash-line',
      status: 'COMPLETE',
      caseCount: 350,
      defaultCount: 50,
      unknownOutcomeCount: 0,
      createdBy: expect.stringContaining('qa@spillway.local'),
    });
    const first = await api.request(READ, { id: caseSet.id }, qa);
    const page = first.data.caseSet.cases;
    expect(page.totalCount).toBe(350);
    expect(page.edges[0].node).toMatchObject({
      line: 2,
      externalRef: 'C-1',
      facts: { monthlyIncome: 8001, bureauScore: 601, maxDpd12m: 0 },
      application: { requestedAmount: 10000, termMonths: 12 },
      observedDefault: false,
    });
    const second = await api.request(READ, { id: caseSet.id, after: page.pageInfo.endCursor }, qa);
    expect(second.data.caseSet.cases.edges[0].node.line).toBe(4);

    const listed = await api.request(
      'query { caseSets(first: 5) { totalCount edges { node { id } } } }',
      {},
      qa,
    );
    expect(listed.data.caseSets.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(
      caseSet.id,
    );

    const tried = await api.request(
      TRY,
      { input: { versionId: await publishedAdmission(), caseId: page.edges[0].node.id } },
      await api.asUser('risk@spillway.local'),
    );
    expect(tried.errors).toBeUndefined();
    expect(tried.data.tryPolicy.result.facts.requestedAmount).toBe(10000);
  });

  async function publishedAdmission() {
    const result = await api.request(
      'query { policies { kind publishedVersion { id } } }',
      {},
      await api.asUser('risk@spillway.local'),
    );
    return result.data.policies.find((policy: { kind: string }) => policy.kind === 'ADMISSION')
      .publishedVersion.id;
  }

  it('writes nothing when a row fails, and reports every failing row by line', async () => {
    const before = await counts();
    const result = await importSet({ content: caseCsv(300, { broken: [5, 120, 301] }) });
    const error = result.errors?.[0];
    expect(error?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'ROWS_INVALID',
      failedRows: 3,
    });
    const rowErrors = error?.extensions?.rowErrors as { line: number; code: string; column: string }[];
    expect(rowErrors.map((rowError) => [rowError.line, rowError.code, rowError.column])).toEqual([
      [5, 'INVALID_NUMBER', 'income'],
      [120, 'INVALID_NUMBER', 'income'],
      [301, 'INVALID_NUMBER', 'income'],
    ]);
    expect(await counts()).toEqual(before);
  });

  it('lists the first 100 row errors and counts them all', async () => {
    const broken = Array.from({ length: 150 }, (_, i) => i + 2);
    const result = await importSet({ content: caseCsv(200, { broken }) });
    expect(result.errors?.[0]?.extensions?.failedRows).toBe(150);
    expect(result.errors?.[0]?.extensions?.rowErrors).toHaveLength(100);
  });

  it('keeps the valid rows when asked', async () => {
    const result = await importSet({ content: caseCsv(100, { broken: [3, 4] }), keepValidRows: true });
    expect(result.errors).toBeUndefined();
    expect(result.data.importCaseSet).toMatchObject({
      importedRows: 98,
      failedRows: 2,
      caseSet: { status: 'PARTIAL', caseCount: 98, failedRowCount: 2 },
    });
    expect(result.data.importCaseSet.rowErrors.map((rowError: { line: number }) => rowError.line)).toEqual([
      3, 4,
    ]);
  });

  it('refuses a mapping that does not fit the file, with the problem paths, writing nothing', async () => {
    const before = await counts();
    const mapping = { ...MAPPING, columns: { ...MAPPING.columns, missing: { fact: 'notAFact' } } };
    const result = await importSet({ content: caseCsv(10), mapping });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'MAPPING_INVALID',
    });
    const problems = result.errors?.[0]?.extensions?.problems as { code: string; path: string }[];
    expect(problems.map((problem) => [problem.code, problem.path])).toEqual(
      expect.arrayContaining([
        ['UNKNOWN_COLUMN', '$.columns.missing'],
        ['UNKNOWN_FACT', '$.columns.missing.fact'],
      ]),
    );
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['an empty file', { content: '' }, 'input.content'],
    ['a header only', { content: `${CASE_HEADER.join(',')}\n` }, 'input.content'],
    ['both content and serverPath', { content: 'x', serverPath: '/etc/passwd' }, 'input.content'],
    ['a server file outside the allowed directories', { serverPath: '/etc/passwd' }, 'input.serverPath'],
  ])('refuses %s', async (_name, input, field) => {
    const result = await importSet(input);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it("refuses the data directory's own files, and links out of an allowed directory", async () => {
    const privateFile = join(api.spillway.services.config.dataDir, 'private.csv');
    writeFileSync(privateFile, caseCsv(3));
    const secret = await importSet({ serverPath: privateFile });
    expect(secret.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.serverPath',
    });
    const link = join(importDir, 'link.csv');
    symlinkSync(privateFile, link);
    const linked = await importSet({ serverPath: link });
    expect(linked.errors?.[0]?.message).toContain('must be a file under');
  });

  it('imports JSONL and a server file under SPILLWAY_IMPORT_DIR', async () => {
    const jsonl = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({ ref: `J-${i}`, income: 9000, score: 700, amount: 5000, defaulted: i < 5 ? 1 : 0 }),
    ).join('\n');
    const fromJsonl = await importSet({ format: 'JSONL', content: jsonl });
    expect(fromJsonl.data?.importCaseSet.caseSet).toMatchObject({ caseCount: 20, defaultCount: 5 });

    const file = join(importDir, 'cases.csv');
    writeFileSync(file, caseCsv(40));
    const fromFile = await importSet({ serverPath: file });
    expect(fromFile.errors).toBeUndefined();
    expect(fromFile.data.importCaseSet.caseSet.caseCount).toBe(40);
  });

  it('streams an upload over POST /case-sets/import with the same credentials', async () => {
    const upload = (body: string, headers: Record<string, string>, query = 'name=uploaded&refColumn=ref') =>
      fetch(`${api.url}/case-sets/import?${query}`, {
        method: 'POST',
        headers: {
          'content-type': 'text/csv',
          ...(query.includes('mappingFrom') ? {} : { 'x-spillway-mapping': JSON.stringify(MAPPING) }),
          ...headers,
        },
        body,
      });
    const response = await upload(caseCsv(250), qa);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { data: { importCaseSet: any } };
    expect(body.data.importCaseSet).toMatchObject({
      importedRows: 250,
      caseSet: { name: 'uploaded', caseCount: 250 },
    });

    const again = await upload(
      caseCsv(5),
      qa,
      `name=again&mappingFrom=${body.data.importCaseSet.caseSet.id}`,
    );
    expect(again.status).toBe(201);

    expect((await upload(caseCsv(5), {})).status).toBe(401);
    expect((await upload(caseCsv(5), await api.asUser('approver@spillway.local'))).status).toBe(403);
    const failing = await upload(caseCsv(5, { broken: [3] }), qa);
    expect(failing.status).toBe(400);
    expect(
      ((await failing.json()) as { errors: { extensions: object }[] }).errors[0].extensions,
    ).toMatchObject({ reason: 'ROWS_INVALID', failedRows: 1 });
  });

  it('refuses a header that names a column twice, naming it, writing nothing', async () => {
    const before = await counts();
    const result = await importSet({ content: caseCsv(3).replace('score,amount', 'score,income') });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'DUPLICATE_COLUMN',
      column: 'income',
    });
    expect(await counts()).toEqual(before);
  });

  it('reports bytes that are not UTF-8, NUL characters, over-long cells and references by line and column', async () => {
    const before = await counts();
    const rows = caseCsv(6).split('\r\n');
    const file = join(importDir, 'hostile.csv');
    const longRef = 'R'.repeat(300);
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`${rows.slice(0, 2).join('\r\n')}\r\nC-bad,`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`,700,10000,0,\r\n${rows[3].replace('C-3', 'C\u00003')}\r\n`),
        Buffer.from(
          `${rows[4].replace('C-4', longRef)}\r\n${rows[5].replace(/,10000,/, `,${'9'.repeat(5000)},`)}\r\n`,
        ),
      ]),
    );
    const result = await importSet({ serverPath: file });
    const extensions = result.errors?.[0]?.extensions as {
      code: string;
      rowErrors: Record<string, unknown>[];
    };
    expect(extensions.code).toBe('BAD_USER_INPUT');
    expect(extensions.rowErrors.map(({ line, column, code }) => [line, column, code])).toEqual([
      [3, 'income', 'INVALID_ENCODING'],
      [4, 'ref', 'NUL_CHARACTER'],
      [5, 'ref', 'CELL_TOO_LONG'],
      [6, 'amount', 'CELL_TOO_LONG'],
    ]);
    expect(JSON.stringify(extensions).length).toBeLessThan(2000);
    expect(await counts()).toEqual(before);
  });

  it('names the column of a CSV syntax error, and counts every bad JSONL line as a failed row', async () => {
    const csv = await importSet({ content: caseCsv(3).replace('8002,', '80"02,') });
    expect(csv.errors?.[0]?.extensions?.rowErrors).toEqual([
      expect.objectContaining({ line: 3, column: 'income', code: 'INVALID_ROW' }),
    ]);
    const jsonl = await importSet({ format: 'JSONL', content: '{"ref": 1,\n[1, 2]\n"text"\n' });
    expect(jsonl.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', failedRows: 3 });
    expect(jsonl.errors?.[0]?.message).not.toMatch(/empty/);
  });
});

const TAIWAN = findTaiwanData({});
if (!TAIWAN) throw new Error('The Taiwan credit-default data is missing from api/seed/taiwan-credit-default');

describe('the Taiwan credit-default data on sqlite', () => {
  let api: TestApi;
  // The shipped file is gzipped; serverPath reads plain CSV, as an operator would upload it.
  const importDir = mkdtempSync(join(tmpdir(), 'spillway-taiwan-'));
  const csv = join(importDir, 'cases.csv');
  beforeAll(async () => {
    writeFileSync(csv, readTaiwanCsv(TAIWAN.csv));
    api = await startTestApi('sqlite', { importDir });
  });
  afterAll(async () => {
    await api?.close();
    rmSync(importDir, { recursive: true, force: true });
  });

  it('imports all 30,000 cases with the 6,636 defaults', { timeout: 120_000 }, async () => {
    const mapping = readTaiwanMapping(TAIWAN);
    const started = performance.now();
    const result = await api.request(
      IMPORT,
      { input: { name: 'Taiwan', format: 'CSV', mapping, serverPath: csv, refColumn: 'ID' } },
      await api.asUser('qa@spillway.local'),
    );
    console.log(`Taiwan import: ${Math.round(performance.now() - started)} ms`);
    expect(result.errors).toBeUndefined();
    expect(result.data.importCaseSet.caseSet).toMatchObject({
      caseCount: 30_000,
      defaultCount: 6636,
      failedRowCount: 0,
    });
  });
});
