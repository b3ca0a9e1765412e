import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { jwtVerify, SignJWT } from 'jose';
import { DomainError } from '../core/errors.js';
import type { Role } from '../core/role.js';
import type { Viewer } from '../core/viewer.js';
import type { ChangeListener } from '../db/change-listener.js';
import { ApiKey } from './api-key.entity.js';
import { hashSecret, verifySecret } from './password.js';
import { User } from './user.entity.js';

const KEY_PREFIX_LENGTH = 8;
const ISSUER = 'spillway';

/** Carries `apiKey:<id>` when a key is revoked and `user:<id>` when a user is deactivated. */
export const CREDENTIALS_CHANNEL = 'spillway_credentials';

/**
 * Authenticates console users (password -> JWT) and apps (API key). Keys are hashed with the same slow
 * KDF as passwords. Verified callers are kept in process memory (keys by a fast digest, never the key
 * itself), so a request reads nothing from the database to learn who it is; a revocation or deactivation
 * forgets them at once here and, through CREDENTIALS_CHANNEL, on every replica. While changes cannot be
 * heard (PostgreSQL's listener is down) nothing is kept.
 */
export class AuthService {
  private readonly signingKey: Uint8Array;
  /** Key digest -> the key's viewer. */
  private readonly verifiedKeys = new Map<string, Viewer>();
  /** User id -> the user's viewer, for session tokens. */
  private readonly verifiedUsers = new Map<string, Viewer>();
  private caching = false;

  constructor(
    secret: string,
    private readonly tokenTtlSeconds: number,
  ) {
    this.signingKey = createHmac('sha256', secret).update('spillway-jwt').digest();
  }

  async login(em: EntityManager, email: string, password: string) {
    const user = await em.findOne(User, { email: email.trim().toLowerCase() });
    // Verify against a dummy hash when the user is unknown, so timing does not reveal which emails exist.
    const stored = user?.passwordHash ?? (await this.dummyHash());
    const valid = await verifySecret(password, stored);
    if (!user || !valid || !user.active) {
      throw new DomainError('UNAUTHENTICATED', 'Email or password is wrong');
    }
    const token = await new SignJWT({ roles: user.roles, email: user.email })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${this.tokenTtlSeconds}s`)
      .sign(this.signingKey);
    return { token, user };
  }

  private dummy?: Promise<string>;
  private dummyHash() {
    this.dummy ??= hashSecret(randomBytes(16).toString('hex'));
    return this.dummy;
  }

  listenTo(changes: ChangeListener) {
    changes.subscribe(CREDENTIALS_CHANNEL, {
      changed: (who) => this.forget(who),
      listening: (listening) => {
        this.caching = listening;
        if (!listening) this.forget(null);
      },
    });
  }

  /** Forgets one key or user (`apiKey:<id>`, `user:<id>`), or everyone (`null`). */
  forget(who: string | null) {
    if (who === null) {
      this.verifiedKeys.clear();
      this.verifiedUsers.clear();
      return;
    }
    const [kind, id] = who.split(':');
    if (kind === 'user') this.verifiedUsers.delete(id);
    for (const [digest, viewer] of this.verifiedKeys) if (viewer.id === id) this.verifiedKeys.delete(digest);
  }

  /** `em` may be a function: a request whose caller is known never forks an EntityManager for it. */
  async viewerFromToken(em: EntityManager | (() => EntityManager), token: string): Promise<Viewer> {
    let subject: string | undefined;
    try {
      const { payload } = await jwtVerify(token, this.signingKey, { issuer: ISSUER, algorithms: ['HS256'] });
      subject = payload.sub;
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw new DomainError(
        'UNAUTHENTICATED',
        expired ? 'Session token has expired' : 'Session token is invalid',
      );
    }
    const known = subject ? this.verifiedUsers.get(subject) : undefined;
    if (known) return known;
    const user = subject ? await lazily(em).findOne(User, { id: subject }) : null;
    if (!user?.active) throw new DomainError('UNAUTHENTICATED', 'Session token is invalid');
    const viewer: Viewer = { kind: 'user', id: user.id, label: user.email, roles: user.roles };
    if (this.caching) this.verifiedUsers.set(user.id, viewer);
    return viewer;
  }

  async viewerFromApiKey(em: EntityManager | (() => EntityManager), key: string): Promise<Viewer> {
    const digest = createHash('sha256').update(key).digest('hex');
    const known = this.verifiedKeys.get(digest);
    if (known) return known;
    const candidates = await lazily(em).find(ApiKey, { prefix: key.slice(0, KEY_PREFIX_LENGTH) });
    for (const candidate of candidates) {
      if (candidate.revokedAt) continue;
      if (await verifySecret(key, candidate.keyHash)) {
        const viewer: Viewer = {
          kind: 'apiKey',
          id: candidate.id,
          label: `key:${candidate.name}`,
          roles: candidate.roles,
        };
        if (this.caching) this.verifiedKeys.set(digest, viewer);
        return viewer;
      }
    }
    throw new DomainError('UNAUTHENTICATED', 'API key is invalid or revoked');
  }

  static async createUser(
    em: EntityManager,
    input: { email: string; name: string; password: string; roles: Role[] },
  ) {
    const user = em.create(User, {
      email: input.email.trim().toLowerCase(),
      name: input.name,
      passwordHash: await hashSecret(input.password),
      roles: input.roles,
    });
    await em.persistAndFlush(user);
    return user;
  }

  /** Returns the only copy of the plain key there will ever be. */
  static async createApiKey(em: EntityManager, input: { name: string; roles: Role[]; key?: string }) {
    const key = input.key ?? `swk_${randomBytes(24).toString('base64url')}`;
    const apiKey = em.create(ApiKey, {
      name: input.name,
      prefix: key.slice(0, KEY_PREFIX_LENGTH),
      keyHash: await hashSecret(key),
      roles: input.roles,
    });
    await em.persistAndFlush(apiKey);
    return { apiKey, key };
  }
}

const lazily = (em: EntityManager | (() => EntityManager)) => (typeof em === 'function' ? em() : em);
