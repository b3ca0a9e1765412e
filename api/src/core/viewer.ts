import type { Role } from './role.js';

/** Who is calling: a console user (JWT) or a front-end app (API key). */
export interface Viewer {
  kind: 'user' | 'apiKey';
  id: string;
  /** What the audit log and decisions record as the actor. */
  label: string;
  roles: Role[];
}
