import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../auth/viewer.js';
import type { Services } from '../services.js';

export interface Context {
  /** A fork per request: one identity map per request, never the global EntityManager. */
  em: EntityManager;
  viewer: Viewer | null;
  services: Services;
  requestId: string;
}
