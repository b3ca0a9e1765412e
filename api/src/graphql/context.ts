import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from '../core/logger.js';
import type { Viewer } from '../core/viewer.js';

/** What one request carries to its resolvers; the services they use come through their constructors. */
export interface Context {
  /** A fork per request: one identity map per request, never the global EntityManager. */
  em: EntityManager;
  viewer: Viewer | null;
  requestId: string;
  /** Its lines carry `requestId` on their own; never log PII (emails, phones, national ids) with it. */
  log: Logger;
  /** As Express sees it: the socket's peer, since no proxy is trusted. */
  clientIp: string;
}
