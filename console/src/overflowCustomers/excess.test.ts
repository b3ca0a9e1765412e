import { describe, expect, it } from 'vitest';
import { excessOf } from './excess';

describe('overflow', () => {
  it('is the limit above the affordable limit, exact to the fen', () => {
    expect(excessOf({ limit: '20000.00', affordableLimit: '12345.67' })).toBe('7654.33');
    expect(excessOf({ limit: '100.1', affordableLimit: '100.25' })).toBe('-0.15');
    expect(excessOf({ limit: '5000.00', affordableLimit: null })).toBeNull();
  });
});
