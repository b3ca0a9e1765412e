import { RateLimitedError } from '../core/errors.js';
import type { Viewer } from '../core/viewer.js';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Token buckets in process memory, one per key: `perMinute` tokens refill evenly over a minute and a
 * full bucket allows a burst of that size. Each replica counts on its own, so the effective limit
 * across N replicas behind a load balancer is up to N times the setting.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;
  private lastSweep: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.refillPerMs = perMinute / 60_000;
    this.lastSweep = now();
  }

  /** Takes a token for `key`, or throws RATE_LIMITED saying when the next one will be there. */
  take(key: string, what: string) {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedAt: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const retryAfterSeconds = Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000);
      throw new RateLimitedError(
        `Too many ${what}: the limit is ${this.perMinute} a minute, retry in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      );
    }
    bucket.tokens -= 1;
  }

  /** A bucket idle long enough to be full again is the same as no bucket: forget it to bound memory. */
  private sweep(now: number) {
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      const refilled = bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs;
      if (refilled >= this.perMinute) this.buckets.delete(key);
    }
  }
}

/** Callers are counted by who they are; only anonymous ones share a bucket per IP address. */
export const requesterKey = (viewer: Viewer | null, ip: string) =>
  viewer ? `${viewer.kind}:${viewer.id}` : `ip:${ip}`;

export const loginKey = (email: string, ip: string) => `${email.trim().toLowerCase()}|${ip}`;
