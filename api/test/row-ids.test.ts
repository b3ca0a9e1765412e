import { describe, expect, it } from 'vitest';
import { newId } from '../src/core/ids.js';

const VERSION_7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('row ids', () => {
  it('are RFC 9562 version 7 UUIDs that carry the time they were made', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(id).toMatch(VERSION_7);
    const made = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(made).toBeGreaterThanOrEqual(before);
    expect(made).toBeLessThanOrEqual(after);
  });

  it('sort after every id made in an earlier millisecond, so inserts land at the end of an index', async () => {
    const earlier = Array.from({ length: 100 }, newId);
    await new Promise((wait) => setTimeout(wait, 2));
    const later = newId();
    for (const id of earlier) expect(id < later).toBe(true);
  });

  it('never repeat within a millisecond', () => {
    const ids = Array.from({ length: 100_000 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
