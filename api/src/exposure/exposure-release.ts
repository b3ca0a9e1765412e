import type { EntityManager } from '@mikro-orm/core';
import { type CompiledExposure, compileExposure, type ExposureSection, releaseDeltas } from '@spillway/rules';
import { ormSqlTx } from '../db/sql-connection.js';
import { ExposureCounters } from '../decisions/decision.store.js';
import { PolicyKind, VersionStatus } from '../policies/policy-kind.js';
import { PolicyVersion } from '../policies/policy-version.entity.js';

/** A limit cut as the budgets see it: how much it lowered a line, when, and the facts its segment reads. */
export interface CutRelease {
  at: Date;
  cutFen: number;
  facts: Record<string, unknown>;
}

/**
 * The product's published EXPOSURE budgets, read from the database: limit cuts happen in jobs and services
 * that hold no published-policy cache, and they need the budgets only to know which give room back.
 */
export async function publishedExposure(
  em: EntityManager,
  productId: string,
): Promise<CompiledExposure | null> {
  const version = await em.findOne(
    PolicyVersion,
    { policy: { product: productId, kind: PolicyKind.EXPOSURE }, status: VersionStatus.PUBLISHED },
    { populate: ['policy'] },
  );
  const section = version?.document.exposure as ExposureSection | undefined;
  return section ? compileExposure(section) : null;
}

/**
 * What the cuts give back, summed per counter: room only to the budgets whose document says `releaseOnCut`
 * (and whose segment the cut line's facts are in), in the window each cut falls in.
 */
export function cutReleases(compiled: CompiledExposure | null, cuts: CutRelease[]): Map<string, number> {
  const deltas = new Map<string, number>();
  if (!compiled) return deltas;
  for (const cut of cuts) {
    if (cut.cutFen <= 0) continue;
    for (const [key, delta] of releaseDeltas(compiled, cut)) deltas.set(key, (deltas.get(key) ?? 0) + delta);
  }
  return deltas;
}

/** Gives the room back in the caller's transaction, through the counters decides take it from. */
export async function releaseRoom(tx: EntityManager, productId: string, deltas: ReadonlyMap<string, number>) {
  if (deltas.size === 0) return;
  const { tx: sqlTx, sql } = ormSqlTx(tx);
  const counters = new ExposureCounters(sqlTx, sql);
  // Locked in key order like a decide's, so a cut and a decide never wait on each other in a circle.
  await counters.lock(productId, [...deltas.keys()].sort());
  await counters.add(productId, deltas, new Date());
}
