import type { MikroORM } from '@mikro-orm/core';
import type { AuditService } from './audit/audit.service.js';
import type { AdminService } from './auth/admin.service.js';
import type { AuthService } from './auth/auth.service.js';
import type { BacktestRunner } from './backtests/backtest.runner.js';
import type { BacktestService } from './backtests/backtest.service.js';
import type { BorrowerService } from './borrowers/borrower.service.js';
import type { CaseSetService } from './case-sets/case-set.service.js';
import type { Config } from './config.js';
import type { CreditLineService } from './credit-lines/credit-line.service.js';
import type { DecisionService } from './decisions/decision.service.js';
import type { TokenBuckets } from './http/rate-limit.js';
import type { PolicyService } from './policies/policy.service.js';
import type { PolicyVersionService } from './policies/policy-version.service.js';
import type { TryPolicyService } from './try/try-policy.service.js';

export interface Services {
  config: Config;
  orm: MikroORM;
  audit: AuditService;
  admin: AdminService;
  auth: AuthService;
  policies: PolicyService;
  policyVersions: PolicyVersionService;
  creditLines: CreditLineService;
  borrowers: BorrowerService;
  decisions: DecisionService;
  loginAttempts: TokenBuckets;
  tryPolicy: TryPolicyService;
  caseSets: CaseSetService;
  backtests: BacktestService;
  backtestRunner: BacktestRunner;
}
