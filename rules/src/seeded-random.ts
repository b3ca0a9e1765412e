/**
 * A seeded pseudo-random generator for the few places the math needs a shuffle (the train/test split of a
 * scorecard fit). rules/ never draws real randomness: the same seed and input give the same split on every
 * machine, so a fit can be repeated and its validation figures checked.
 */

/** mulberry32: 32 bits of state, full period, good enough to shuffle a case set; returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates in place with the given generator. */
export function shuffleInPlace<T extends { length: number; [index: number]: number }>(
  items: T,
  random: () => number,
): T {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const item = items[i];
    items[i] = items[j];
    items[j] = item;
  }
  return items;
}
