import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import express, { type Request, type Response, type Router } from 'express';
import { findInRepository } from '../core/paths.js';

export function findConsoleDist(override?: string): string | null {
  if (override) return existsSync(join(override, 'index.html')) ? resolve(override) : null;
  const indexHtml = findInRepository(join('console', 'dist', 'index.html'));
  return indexHtml ? dirname(indexHtml) : null;
}

/** Vite names the files under assets/ by their content: a new build is a new name, so they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The app shell must be revalidated, or a release stays hidden behind the previous one's shell. */
const REVALIDATE = 'no-cache';
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.map',
  '.svg',
  '.txt',
  '.webmanifest',
]);
/** Brotli 5 and gzip 9 cost tens of milliseconds for the largest chunk; brotli 11 would cost seconds. */
const ENCODERS = {
  br: (body: Buffer) =>
    promisify(brotliCompress)(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  gzip: (body: Buffer) => promisify(gzip)(body, { level: 9 }),
} as const;
type Encoding = keyof typeof ENCODERS;

interface Compressed {
  body: Buffer;
  etag: string;
}

/**
 * The console's text files, compressed once per encoding on first request (off the main thread, in
 * zlib's pool) and kept: the build directory does not change while the process runs, and its few files
 * hold a couple of megabytes.
 */
class CompressedFiles {
  private readonly cache = new Map<string, Promise<Compressed>>();

  get(file: string, encoding: Encoding): Promise<Compressed> {
    const key = `${encoding}:${file}`;
    let entry = this.cache.get(key);
    if (!entry) {
      const { size, mtimeMs } = statSync(file);
      entry = ENCODERS[encoding](readFileSync(file)).then((body) => ({
        body,
        etag: `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}-${encoding}"`,
      }));
      // A failed compression is not cached: the next request tries again.
      entry.catch(() => this.cache.delete(key));
      this.cache.set(key, entry);
    }
    return entry;
  }
}

export function consoleRouter(distDir: string | null): Router {
  const router = express.Router();
  if (!distDir) {
    router.get('/', (_req, res) => {
      res.status(503).type('text/plain').send('The console is not built: run `npm run build` and restart.');
    });
    return router;
  }
  const compressed = new CompressedFiles();
  const cacheControl = (file: string) =>
    relative(distDir, file).startsWith(`assets${sep}`) ? IMMUTABLE : REVALIDATE;

  /** A text file in the encoding the client prefers, or false when it takes none of ours. */
  const sendCompressed = async (req: Request, res: Response, file: string): Promise<boolean> => {
    // Brotli whenever it is offered: browsers list gzip first, yet brotli is the smaller of the two.
    const offered = req.acceptsEncodings();
    const accepted = (['br', 'gzip'] as const).find((encoding) => offered.includes(encoding));
    if (!accepted) return false;
    const { body, etag } = await compressed.get(file, accepted);
    res.setHeader('cache-control', cacheControl(file));
    res.setHeader('vary', 'accept-encoding');
    res.setHeader('etag', etag);
    res.type(extname(file));
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return true;
    }
    res.setHeader('content-encoding', accepted);
    res.setHeader('content-length', body.length);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };

  router.use(async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = resolve(distDir, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    const inside = file.startsWith(`${distDir}${sep}`);
    if (!inside || !COMPRESSIBLE.has(extname(file)) || !existsSync(file)) return next();
    try {
      if (!(await sendCompressed(req, res, file))) next();
    } catch (error) {
      next(error);
    }
  });
  // Anything else (uncompressible files, clients that take no compression) as it is on disk.
  router.use(
    express.static(distDir, {
      index: 'index.html',
      setHeaders: (res, file) => res.setHeader('cache-control', cacheControl(file)),
    }),
  );
  // Client-side routes (react-router) resolve to the app shell.
  const indexHtml = join(distDir, 'index.html');
  router.get(/^\/(?!graphql|healthz|readyz|metrics).*/, async (req, res, next) => {
    try {
      if (await sendCompressed(req, res, indexHtml)) return;
      res.setHeader('cache-control', REVALIDATE);
      res.sendFile(indexHtml);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
