import type { EntityManager } from '@mikro-orm/core';
import { ApiKey } from '../auth/api-key.entity.js';
import { AuthService } from '../auth/auth.service.js';
import { verifySecret } from '../auth/password.js';
import { User } from '../auth/user.entity.js';
import { Role } from '../core/role.js';
import { StartupError } from '../core/startup-error.js';
import type { PolicyPublisher } from '../policies/policy-publisher.js';
import { DEFAULT_PRODUCT_KEY, Product } from '../products/product.entity.js';

export const DEMO_PASSWORD = 'spillway-demo';
export const DEMO_API_KEY = 'spillway-demo-app-key';
export const DEMO_USERS = [
  { email: 'risk@spillway.local', name: 'Riley Risk', roles: [Role.RISK_MANAGER] },
  { email: 'approver@spillway.local', name: 'Avery Approver', roles: [Role.APPROVER] },
  { email: 'qa@spillway.local', name: 'Quinn QA', roles: [Role.QA_ANALYST] },
  { email: 'admin@spillway.local', name: 'Ada Admin', roles: [Role.ADMIN] },
];

export type ProductSpec = Pick<Product, 'key' | 'name' | 'currency' | 'allowedTerms'>;

const CASH_LINE: ProductSpec = {
  key: DEFAULT_PRODUCT_KEY,
  name: 'Cash line',
  currency: 'CNY',
  allowedTerms: [3, 6, 9, 12, 18, 24, 36],
};

/**
 * A product and its default policies, once. The cash-line is every installation's, demo or not; the demo
 * adds a second one.
 */
export async function seedProduct(
  em: EntityManager,
  publisher: PolicyPublisher,
  spec: ProductSpec = CASH_LINE,
): Promise<Product> {
  const product = (await em.findOne(Product, { key: spec.key })) ?? em.create(Product, spec);
  await publisher.installDefaults(em, product);
  return product;
}

export async function seedDemoCredentials(em: EntityManager) {
  for (const user of DEMO_USERS) {
    if (await em.count(User, { email: user.email })) continue;
    await AuthService.createUser(em, { ...user, password: DEMO_PASSWORD });
  }
  if (!(await em.count(ApiKey, { name: 'demo-app' }))) {
    await AuthService.createApiKey(em, { name: 'demo-app', roles: [Role.APP], key: DEMO_API_KEY });
  }
}

/** Production must not start while anyone could sign in with the published demo credentials. */
export async function assertNoDemoCredentials(em: EntityManager) {
  const users = await em.find(User, { email: { $in: DEMO_USERS.map((user) => user.email) }, active: true });
  for (const user of users) {
    if (await verifySecret(DEMO_PASSWORD, user.passwordHash))
      throw demoCredentialError(`the demo user ${user.email}`);
  }
  const keys = await em.find(ApiKey, { prefix: DEMO_API_KEY.slice(0, 8), revokedAt: null });
  for (const key of keys) {
    if (await verifySecret(DEMO_API_KEY, key.keyHash)) throw demoCredentialError('the demo API key');
  }
}

function demoCredentialError(what: string) {
  return new StartupError(
    'DEMO_CREDENTIALS_PRESENT',
    `${what} still works with its published demo credential and NODE_ENV=production`,
    'deactivate the demo users and revoke the demo API key, or run outside production',
  );
}
