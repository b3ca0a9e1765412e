/**
 * What runs before a policy's rules: its derived facts and its scorecards. A derived fact may read a
 * card's score and a card may read a derived fact, so they are ordered together, each after what it reads;
 * the validator reports the cycles and the compiler runs the order.
 */
import { dependencyOrder } from './dependency-order.js';
import { scorecardFacts } from './policy-scorecards.js';

export type DerivationStep = { fact: string; scorecard?: undefined } | { scorecard: string };

export interface DerivationGraph {
  /** Every derived fact and scorecard, each after the ones it reads; facts, then cards, in the maps' order. */
  order: DerivationStep[];
  /** Each cycle once, as the path that closes it. */
  cycles: DerivationStep[][];
  /** Whether names (a rule's facts) read the scorecard, directly or through derived facts and other cards. */
  reads(names: readonly string[], scorecard: string): boolean;
}

const FACT = 'fact:';
const CARD = 'scorecard:';

/**
 * `facts`: each derived fact -> the names its expression reads; `cards`: each scorecard -> the names its
 * characteristics read. Other names (catalog facts, parameters) are not steps and are left out.
 */
export function derivationGraph(
  facts: ReadonlyMap<string, readonly string[]>,
  cards: ReadonlyMap<string, readonly string[]>,
): DerivationGraph {
  const cardOf = new Map<string, string>();
  for (const card of cards.keys()) {
    for (const fact of Object.values(scorecardFacts(card))) cardOf.set(fact, card);
  }
  const nodes = (names: readonly string[]) => {
    const found = new Set<string>();
    for (const name of names) {
      if (facts.has(name)) found.add(FACT + name);
      else if (cardOf.has(name)) found.add(CARD + cardOf.get(name));
    }
    return [...found];
  };
  const edges = (node: string) =>
    nodes(
      (node.startsWith(FACT) ? facts.get(node.slice(FACT.length)) : cards.get(node.slice(CARD.length))) ?? [],
    );
  const step = (node: string): DerivationStep =>
    node.startsWith(FACT) ? { fact: node.slice(FACT.length) } : { scorecard: node.slice(CARD.length) };
  const roots = [
    ...[...facts.keys()].map((name) => FACT + name),
    ...[...cards.keys()].map((name) => CARD + name),
  ];
  const { order, cycles } = dependencyOrder(roots, edges);
  return {
    order: order.map(step),
    cycles: cycles.map((cycle) => cycle.map(step)),
    reads(names, scorecard) {
      const target = CARD + scorecard;
      const seen = new Set<string>();
      const stack = nodes(names);
      while (stack.length > 0) {
        const node = stack.pop() as string;
        if (node === target) return true;
        if (seen.has(node)) continue;
        seen.add(node);
        stack.push(...edges(node));
      }
      return false;
    },
  };
}
