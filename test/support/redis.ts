import { createConnection } from 'node:net';

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** A PING over a plain socket: the test needs to know Redis answers, not a client library. */
export function redisReachable(url = REDIS_URL): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(3000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Under CI=true Redis must be there: a missing service fails the run instead of skipping tests. */
export async function requireRedisUnlessLocal(): Promise<boolean> {
  if (await redisReachable()) return true;
  if (process.env.CI === 'true') throw new Error(`Redis is not reachable at ${REDIS_URL} and CI=true`);
  console.warn(`Redis is not reachable at ${REDIS_URL}: skipping the worker tests`);
  return false;
}
