import type { MikroORM } from '@mikro-orm/core';
import express, { type Router } from 'express';

/** /healthz answers while the process runs; /readyz only while the database answers and is migrated. */
export function healthRouter(orm: MikroORM): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      const pending = await orm.getMigrator().getPendingMigrations();
      if (pending.length > 0) {
        res
          .status(503)
          .json({ status: 'migrations pending', pending: pending.map((migration) => migration.name) });
        return;
      }
      res.json({ status: 'ready' });
    } catch (error) {
      res
        .status(503)
        .json({ status: 'database unreachable', detail: (error as Error).message.split('\n')[0] });
    }
  });
  return router;
}
