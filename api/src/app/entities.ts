import { AuditEvent } from '../audit/audit-event.entity.js';
import { ApiKey } from '../auth/api-key.entity.js';
import { User } from '../auth/user.entity.js';
import { Backtest } from '../backtests/backtest.entity.js';
import { BacktestDifference } from '../backtests/backtest-difference.entity.js';
import { Borrower } from '../borrowers/borrower.entity.js';
import { Case } from '../case-sets/case.entity.js';
import { CaseImport, ImportBlock } from '../case-sets/case-import.entity.js';
import { CaseSet } from '../case-sets/case-set.entity.js';
import { ComplianceFinding } from '../compliance/compliance-finding.entity.js';
import { ComplianceRun } from '../compliance/compliance-run.entity.js';
import { CreditLine } from '../credit-lines/credit-line.entity.js';
import { LimitChange } from '../credit-lines/limit-change.entity.js';
import { Application } from '../decisions/application.entity.js';
import { Decision } from '../decisions/decision.entity.js';
import { ExposureCounter } from '../exposure/exposure-counter.entity.js';
import { JobChunk } from '../jobs/job-chunk.entity.js';
import { Alert } from '../monitoring/alert.entity.js';
import { Notification } from '../monitoring/notification.entity.js';
import { PortfolioReview } from '../monitoring/portfolio-review.entity.js';
import { ReviewSchedule } from '../monitoring/review-schedule.entity.js';
import { Policy } from '../policies/policy.entity.js';
import { PolicyVersion } from '../policies/policy-version.entity.js';
import { Product } from '../products/product.entity.js';
import { ScorecardFit } from '../scorecards/scorecard-fit.entity.js';

export const entities = [
  Product,
  Policy,
  PolicyVersion,
  Borrower,
  CreditLine,
  LimitChange,
  Application,
  Decision,
  ExposureCounter,
  User,
  ApiKey,
  AuditEvent,
  CaseSet,
  Case,
  CaseImport,
  ImportBlock,
  Backtest,
  BacktestDifference,
  PortfolioReview,
  Alert,
  Notification,
  ReviewSchedule,
  ComplianceRun,
  ComplianceFinding,
  JobChunk,
  ScorecardFit,
];
