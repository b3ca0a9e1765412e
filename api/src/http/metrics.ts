import { Router } from 'express';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  decisions: Counter<'outcome'>;
  decideDuration: Histogram;
  graphqlErrors: Counter<'code'>;
}

/** A registry per app: tests run several apps in one process, and each must count only its own work. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    decisions: new Counter({
      name: 'spillway_decisions_total',
      help: 'Decisions answered by the decide mutation, by outcome (idempotent replays included)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    decideDuration: new Histogram({
      name: 'spillway_decide_duration_seconds',
      help: 'Time spent resolving the decide mutation, failures included',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    graphqlErrors: new Counter({
      name: 'spillway_graphql_errors_total',
      help: 'Errors in GraphQL responses, by extensions.code',
      labelNames: ['code'],
      registers: [registry],
    }),
  };
}

/** Prometheus scrapes GET /metrics in its text format. */
export function metricsRouter(metrics: Metrics) {
  return Router().get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
