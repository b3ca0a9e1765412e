/**
 * Depth-first order of named expressions that read each other (derived facts, mapping variables), and
 * the cycles among them. Iterative, with an explicit stack: a chain of ten thousand facts each reading
 * the previous one is a long list here, not ten thousand JavaScript stack frames.
 */

export interface DependencyOrder {
  /** Every name reached, each after the names it reads (post-order, roots and reads in given order). */
  order: string[];
  /** Each cycle once, as the path that closes it: `[a, b, a]`. */
  cycles: string[][];
}

interface Visit {
  name: string;
  reads: readonly string[];
  next: number;
}

/** `reads(name)` lists the names `name` depends on, limited to names of the same graph. */
export function dependencyOrder(
  roots: Iterable<string>,
  reads: (name: string) => readonly string[],
): DependencyOrder {
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const cycles: string[][] = [];
  const reported = new Set<string>();
  for (const root of roots) {
    if (state.has(root)) continue;
    state.set(root, 'visiting');
    const path: string[] = [root];
    const stack: Visit[] = [{ name: root, reads: reads(root), next: 0 }];
    while (stack.length > 0) {
      const visit = stack[stack.length - 1];
      if (visit.next === visit.reads.length) {
        stack.pop();
        path.pop();
        state.set(visit.name, 'done');
        order.push(visit.name);
        continue;
      }
      const next = visit.reads[visit.next];
      visit.next += 1;
      const seen = state.get(next);
      if (seen === 'visiting') {
        const cycle = [...path.slice(path.indexOf(next)), next];
        const key = cycle.slice(0, -1).sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          cycles.push(cycle);
        }
      } else if (seen === undefined) {
        state.set(next, 'visiting');
        path.push(next);
        stack.push({ name: next, reads: reads(next), next: 0 });
      }
    }
  }
  return { order, cycles };
}
