import type { AuthChecker } from 'type-graphql';
import { DomainError } from '../core/errors.js';
import type { Role } from '../core/role.js';
import type { Context } from '../graphql/context.js';

/** An anonymous caller is UNAUTHENTICATED; a known caller without the role gets FORBIDDEN from type-graphql. */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const viewer = context.viewer;
  if (!viewer)
    throw new DomainError('UNAUTHENTICATED', 'Authentication required: send a bearer token or an API key');
  if (roles.length === 0) return true;
  return viewer.roles.some((role) => roles.includes(role));
};
