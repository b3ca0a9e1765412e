import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import express, { type Router } from 'express';
import { findInRepository } from '../core/paths.js';

export function findConsoleDist(override?: string): string | null {
  if (override) return existsSync(join(override, 'index.html')) ? resolve(override) : null;
  const indexHtml = findInRepository(join('console', 'dist', 'index.html'));
  return indexHtml ? dirname(indexHtml) : null;
}

export function consoleRouter(distDir: string | null): Router {
  const router = express.Router();
  if (!distDir) {
    router.get('/', (_req, res) => {
      res.status(503).type('text/plain').send('The console is not built: run `npm run build` and restart.');
    });
    return router;
  }
  // Hashed assets may be cached for good; the app shell must be revalidated or a release stays hidden.
  router.use(
    express.static(distDir, {
      index: 'index.html',
      setHeaders: (res, path) => {
        res.setHeader(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );
  // Client-side routes (react-router) resolve to the app shell.
  router.get(/^\/(?!graphql|healthz|readyz|metrics).*/, (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(join(distDir, 'index.html'));
  });
  return router;
}
