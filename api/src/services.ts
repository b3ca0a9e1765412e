import type { MikroORM } from '@mikro-orm/core';
import type { AuditService } from './audit/audit.service.js';
import type { AuthService } from './auth/auth.service.js';
import type { Config } from './config.js';
import type { DecisionService } from './decisions/decision.service.js';
import type { PolicyService } from './policies/policy.service.js';

export interface Services {
  config: Config;
  orm: MikroORM;
  audit: AuditService;
  auth: AuthService;
  policies: PolicyService;
  decisions: DecisionService;
}
