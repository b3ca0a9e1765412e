import type { EntityManager } from '@mikro-orm/core';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { AuditService } from '../audit/audit.service.js';
import { DomainError, notFound } from '../core/errors.js';
import { Role } from '../core/role.js';
import type { Viewer } from '../core/viewer.js';
import { notifyChange } from '../db/change-listener.js';
import type { CreateApiKeyInput, CreateUserInput } from './admin.input.js';
import { ApiKey } from './api-key.entity.js';
import { AuthService, CREDENTIALS_CHANNEL } from './auth.service.js';
import { User } from './user.entity.js';

/** ADMIN's user and key management; every change is audited in the same transaction. */
export class AdminService {
  constructor(
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  async createUser(em: EntityManager, viewer: Viewer, input: CreateUserInput): Promise<User> {
    if (input.roles.includes(Role.APP)) {
      throw new DomainError('BAD_USER_INPUT', 'APP is the role of API keys, not of console users', {
        field: 'input.roles',
      });
    }
    try {
      return await em.transactional(async (tx) => {
        const user = await AuthService.createUser(tx, input);
        await this.audit.record(tx, viewer, {
          action: 'user.create',
          entityType: 'User',
          entityId: user.id,
          summary: { after: { email: user.email, roles: user.roles } },
        });
        return user;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new DomainError('CONFLICT', `A user with email ${input.email} already exists`, {
          field: 'input.email',
        });
      }
      throw error;
    }
  }

  async deactivateUser(em: EntityManager, viewer: Viewer, id: string): Promise<User> {
    if (viewer.kind === 'user' && viewer.id === id) {
      throw new DomainError('CONFLICT', 'You cannot deactivate yourself', { field: 'input.id' });
    }
    const user = await em.transactional(async (tx) => {
      const user = await tx.findOne(User, { id });
      if (!user) throw notFound('User', id);
      const before = user.active;
      user.active = false;
      await this.audit.record(tx, viewer, {
        action: 'user.deactivate',
        entityType: 'User',
        entityId: user.id,
        summary: { before: { active: before }, after: { active: false } },
      });
      await notifyChange(tx, CREDENTIALS_CHANNEL, `user:${user.id}`);
      return user;
    });
    this.auth.forget(`user:${user.id}`);
    return user;
  }

  async createApiKey(em: EntityManager, viewer: Viewer, input: CreateApiKeyInput) {
    return em.transactional(async (tx) => {
      const created = await AuthService.createApiKey(tx, { name: input.name, roles: [Role.APP] });
      await this.audit.record(tx, viewer, {
        action: 'apiKey.create',
        entityType: 'ApiKey',
        entityId: created.apiKey.id,
        summary: {
          after: { name: created.apiKey.name, prefix: created.apiKey.prefix, roles: created.apiKey.roles },
        },
      });
      return created;
    });
  }

  async revokeApiKey(em: EntityManager, viewer: Viewer, id: string): Promise<ApiKey> {
    const revoked = await em.transactional(async (tx) => {
      const key = await tx.findOne(ApiKey, { id });
      if (!key) throw notFound('ApiKey', id);
      if (key.revokedAt)
        throw new DomainError('CONFLICT', `API key ${key.name} is already revoked`, { field: 'input.id' });
      key.revokedAt = new Date();
      await this.audit.record(tx, viewer, {
        action: 'apiKey.revoke',
        entityType: 'ApiKey',
        entityId: key.id,
        summary: { before: { revokedAt: null }, after: { revokedAt: key.revokedAt.toISOString() } },
      });
      await notifyChange(tx, CREDENTIALS_CHANNEL, `apiKey:${key.id}`);
      return key;
    });
    // At once, before the next request: the key is refused from this moment on every replica.
    this.auth.forget(`apiKey:${revoked.id}`);
    return revoked;
  }
}
