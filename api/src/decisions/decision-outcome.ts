import { registerEnumType } from 'type-graphql';

export enum DecisionOutcome {
  APPROVE = 'APPROVE',
  DECLINE = 'DECLINE',
  REFER = 'REFER',
}

registerEnumType(DecisionOutcome, { name: 'DecisionOutcome' });
