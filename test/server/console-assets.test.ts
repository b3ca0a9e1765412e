/**
 * The console's files as the built server sends them: compressed for clients that accept it (brotli
 * preferred), cached for a year when content-hashed, revalidated when they are the app shell.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, repoRoot, startBuiltServer } from '../support/server.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET as sent, without fetch's transparent decompression. */
function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const dist = join(repoRoot, 'console', 'dist');

describe('the console files the built server sends', () => {
  let server: RunningServer;
  const indexHtml = readFileSync(join(dist, 'index.html'));
  const [script] = /src="(\/assets\/[^"]+\.js)"/.exec(indexHtml.toString())?.slice(1) ?? [];

  beforeAll(async () => {
    server = await startBuiltServer({ env: { SPILLWAY_DEMO_DECISIONS: '0' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('compresses hashed assets, prefers brotli, and lets browsers keep them for a year', async () => {
    expect(script).toBeDefined();
    const original = readFileSync(join(dist, script));
    const br = await get(`${server.url}${script}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.status).toBe(200);
    expect(br.headers).toMatchObject({
      'content-encoding': 'br',
      'cache-control': IMMUTABLE,
      vary: 'accept-encoding',
      'content-type': 'text/javascript; charset=utf-8',
    });
    expect(brotliDecompressSync(br.body).equals(original)).toBe(true);
    expect(br.body.length).toBeLessThan(original.length / 2);

    const gzip = await get(`${server.url}${script}`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers).toMatchObject({ 'content-encoding': 'gzip', 'cache-control': IMMUTABLE });
    expect(gunzipSync(gzip.body).equals(original)).toBe(true);

    const plain = await get(`${server.url}${script}`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);
    expect(plain.body.equals(original)).toBe(true);
  });

  it('sends the app shell compressed, for every client-side route, and revalidated each time', async () => {
    for (const path of ['/', '/index.html', '/decisions/some-id/show']) {
      const shell = await get(`${server.url}${path}`, { 'accept-encoding': 'gzip' });
      expect(shell.status, path).toBe(200);
      expect(shell.headers, path).toMatchObject({ 'content-encoding': 'gzip', 'cache-control': 'no-cache' });
      expect(gunzipSync(shell.body).equals(indexHtml), path).toBe(true);
      const again = await get(`${server.url}${path}`, {
        'accept-encoding': 'gzip',
        'if-none-match': String(shell.headers.etag),
      });
      expect(again.status, path).toBe(304);
      expect(again.body.length, path).toBe(0);
    }
    const plain = await get(`${server.url}/`);
    expect(plain.headers).toMatchObject({ 'cache-control': 'no-cache' });
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('never sends a file from outside the build', async () => {
    const outside = await get(`${server.url}/assets/%2e%2e/%2e%2e/package.json`, {
      'accept-encoding': 'gzip',
    });
    expect(gunzipSync(outside.body).equals(indexHtml)).toBe(true);
  });
});
