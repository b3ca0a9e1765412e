import type { PaginationPayload } from 'react-admin';

/** The API refuses larger pages. */
export const MAX_PAGE_SIZE = 100;

/** graphql-relay's offset cursors: the cursor of the item at 0-based offset n. */
export function offsetCursor(offset: number): string {
  return btoa(`arrayconnection:${offset}`);
}

export interface ConnectionArgs {
  first: number;
  after: string | null;
}

/** Page p of size s starts after the item at offset (p - 1) * s - 1. */
export function toConnectionArgs(pagination: PaginationPayload | undefined): ConnectionArgs {
  const page = Math.max(1, pagination?.page ?? 1);
  const first = Math.min(MAX_PAGE_SIZE, Math.max(1, pagination?.perPage ?? 25));
  const offset = (page - 1) * first;
  return { first, after: offset > 0 ? offsetCursor(offset - 1) : null };
}
