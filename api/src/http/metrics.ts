import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Router } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  decisions: Counter<'outcome'>;
  decideDuration: Histogram;
  graphqlErrors: Counter<'code'>;
  /** Stops sampling the event loop. */
  stop(): void;
}

/** How often the event loop is sampled: a tick late by more than this is a stall of the thread. */
const LOOP_SAMPLE_MS = 20;

/** A registry per app: tests run several apps in one process, and each must count only its own work. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    ...eventLoopMetrics(registry),
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

/**
 * How long the thread that answers requests was kept from them: every request waits behind a stall. A
 * histogram of how late a 20 ms timer fires, and the longest delay since the previous scrape.
 */
function eventLoopMetrics(registry: Registry) {
  const delay = new Histogram({
    name: 'spillway_event_loop_delay_seconds',
    help: `How late a ${LOOP_SAMPLE_MS} ms timer on the thread that answers requests fired: its stalls`,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  let last = performance.now();
  const sampler = setInterval(() => {
    const now = performance.now();
    delay.observe(Math.max(0, now - last - LOOP_SAMPLE_MS) / 1000);
    last = now;
  }, LOOP_SAMPLE_MS);
  sampler.unref();
  const longest = monitorEventLoopDelay({ resolution: 10 });
  longest.enable();
  new Gauge({
    name: 'spillway_event_loop_delay_max_seconds',
    help: 'The longest event-loop delay since the previous scrape of /metrics',
    registers: [registry],
    collect() {
      this.set(longest.max / 1e9);
      longest.reset();
    },
  });
  return {
    stop() {
      clearInterval(sampler);
      longest.disable();
    },
  };
}

/** Prometheus scrapes GET /metrics in its text format. */
export function metricsRouter(metrics: Metrics) {
  return Router().get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
