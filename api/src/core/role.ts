import { registerEnumType } from 'type-graphql';

export enum Role {
  RISK_MANAGER = 'RISK_MANAGER',
  APPROVER = 'APPROVER',
  QA_ANALYST = 'QA_ANALYST',
  ADMIN = 'ADMIN',
  APP = 'APP',
}

registerEnumType(Role, { name: 'Role' });

export const CONSOLE_ROLES = [Role.RISK_MANAGER, Role.APPROVER, Role.QA_ANALYST, Role.ADMIN] as const;
