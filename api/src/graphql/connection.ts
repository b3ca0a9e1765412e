import { Max, Min } from 'class-validator';
import { ArgsType, type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { DomainError } from '../core/errors.js';

export const MAX_PAGE_SIZE = 100;

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `At most ${MAX_PAGE_SIZE}` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true })
  after?: string;
}

export interface Connection<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** graphql-relay's offset cursors, so clients that page by number can compute them. */
const PREFIX = 'arrayconnection:';

export function offsetToCursor(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`).toString('base64');
}

export function cursorToOffset(cursor: string): number {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  const offset = Number(decoded.slice(PREFIX.length));
  if (!decoded.startsWith(PREFIX) || !Number.isInteger(offset) || offset < 0) {
    throw new DomainError('BAD_USER_INPUT', `Cursor "${cursor}" is not valid`, { field: 'after' });
  }
  return offset;
}

export function pageWindow(args: PageArgs) {
  const offset = args.after ? cursorToOffset(args.after) + 1 : 0;
  return { offset, limit: args.first ?? 20 };
}

export function toConnection<T>(nodes: T[], totalCount: number, offset: number): Connection<T> {
  const edges = nodes.map((node, index) => ({ node, cursor: offsetToCursor(offset + index) }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: offset + nodes.length < totalCount,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Builds the `XConnection` and `XEdge` object types for a node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>) {
  const name = nodeType.name;

  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => nodeType)
    node!: T;

    @Field()
    cursor!: string;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass implements Connection<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }

  return ConnectionClass;
}
