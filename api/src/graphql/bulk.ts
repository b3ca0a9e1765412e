import { PolicyError } from '@spillway/rules';
import { ArrayMaxSize, ArrayMinSize } from 'class-validator';
import { type ClassType, Field, ID, ObjectType } from 'type-graphql';
import { DomainError, policyExtensions } from '../core/errors.js';

/** How many records one bulk action may name: a page of the console's lists. */
export const MAX_BULK_ITEMS = 100;

/** What every bulk input's id list is held to: at least one id, at most a page of them. */
export function BulkIds(): PropertyDecorator {
  return (target, key) => {
    ArrayMinSize(1)(target, key);
    ArrayMaxSize(MAX_BULK_ITEMS)(target, key);
  };
}

@ObjectType({
  description: 'One record a bulk action left as it was, and why, as the single action words it',
})
export class BulkFailure {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The extensions.code the single action would have answered' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'extensions.reason, where the refusal has one' })
  reason!: string | null;

  @Field()
  message!: string;
}

export interface BulkResult<T> {
  succeeded: T[];
  failures: BulkFailure[];
}

/** Builds the `XBulkResult` object type for a record type. */
export function BulkResultType<T extends object>(nodeType: ClassType<T>) {
  @ObjectType(`${nodeType.name}BulkResult`, {
    description: 'Each record is acted on in a transaction of its own and audited alone',
  })
  class BulkResultClass implements BulkResult<T> {
    @Field(() => [nodeType], { description: 'The records changed, in the order named' })
    succeeded!: T[];

    @Field(() => [BulkFailure])
    failures!: BulkFailure[];
  }
  return BulkResultClass;
}

/**
 * Runs `act` on each id in turn, each in its own transaction: a refusal (a record someone else acted on
 * meanwhile, one that does not exist) is reported for that record and the others still go ahead. Anything
 * but a coded refusal stops the run as the single action would.
 */
export async function eachOf<T>(ids: string[], act: (id: string) => Promise<T>): Promise<BulkResult<T>> {
  const result: BulkResult<T> = { succeeded: [], failures: [] };
  for (const id of new Set(ids)) {
    try {
      result.succeeded.push(await act(id));
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      result.failures.push({ id, ...refusal });
    }
  }
  return result;
}

function refusalOf(error: unknown): Omit<BulkFailure, 'id'> | null {
  if (error instanceof DomainError && error.code !== 'INTERNAL') {
    const reason = typeof error.details.reason === 'string' ? error.details.reason : null;
    return { code: error.code, reason, message: error.message };
  }
  if (error instanceof PolicyError) {
    const { code, reason } = policyExtensions(error);
    return { code, reason, message: error.message };
  }
  return null;
}
