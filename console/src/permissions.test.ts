import { describe, expect, it } from 'vitest';
import { canDo, visibleResources } from './permissions';

describe('role to menu mapping', () => {
  it.each([
    ['RISK_MANAGER', ['decisions', 'referrals', 'borrowers', 'audit']],
    ['APPROVER', ['decisions', 'referrals', 'borrowers', 'audit']],
    ['QA_ANALYST', ['decisions', 'referrals', 'borrowers', 'audit']],
    ['ADMIN', ['decisions', 'referrals', 'borrowers', 'audit', 'users', 'apiKeys']],
    ['APP', []],
  ])('shows %s its resources', (role, expected) => {
    expect(visibleResources([role])).toEqual(expected);
  });

  it('unions the resources of several roles', () => {
    expect(visibleResources(['APPROVER', 'ADMIN'])).toContain('users');
  });

  it('grants nothing without a role list', () => {
    expect(visibleResources(undefined)).toEqual([]);
    expect(visibleResources('ADMIN')).toEqual([]);
  });

  it('lets only risk managers resolve referrals', () => {
    expect(canDo(['RISK_MANAGER'], 'resolveReferral')).toBe(true);
    for (const role of ['APPROVER', 'QA_ANALYST', 'ADMIN', 'APP']) {
      expect(canDo([role], 'resolveReferral')).toBe(false);
    }
  });
});
