import { registerEnumType } from 'type-graphql';

/** Where a job is in its life; every job row (backtest, review, import) has a status of these. */
export enum JobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
  FAILED = 'FAILED',
}

registerEnumType(JobStatus, { name: 'JobStatus' });

export const ACTIVE_JOB_STATUSES = [JobStatus.QUEUED, JobStatus.RUNNING];
