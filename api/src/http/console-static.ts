import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

/** Walks up from this module to the repository's console/dist, the same from src/ and dist/src/. */
export function findConsoleDist(override?: string): string | null {
  if (override) return existsSync(join(override, 'index.html')) ? resolve(override) : null;
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(directory, 'console', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    directory = dirname(directory);
  }
  return null;
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
