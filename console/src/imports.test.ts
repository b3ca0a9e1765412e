import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The console's own import graph, read as text: TypeScript 7 has no compiler API to ask, and a relative
// specifier in quotes is all a module of ours can be reached by. Type-only imports count too: a cycle of
// types is a cycle of concepts, the first step to a runtime one.

const SRC = dirname(fileURLToPath(import.meta.url));
const SOURCE = /\.tsx?$/;
// `from '...'` (imports and re-exports, one line or many), `import '...'` and `import('...')`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]*)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return SOURCE.test(name) ? [path] : [];
  });
}

function resolveSpecifier(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
  return candidates.find((path) => existsSync(path) && statSync(path).isFile());
}

/** Every module's relative imports, by path under src/; unresolvable ones under `unresolved`. */
export function importGraph(root = SRC) {
  const graph = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const file of sourceFiles(root)) {
    const targets = new Set<string>();
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const target = resolveSpecifier(file, specifier);
      if (target) targets.add(relative(root, target));
      else unresolved.push(`${relative(root, file)} -> ${specifier}`);
    }
    graph.set(relative(root, file), [...targets].sort());
  }
  return { graph, unresolved };
}

/** One cycle per strongly connected component of more than one module (or a module importing itself). */
export function importCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (module: string) => {
    state.set(module, 'open');
    stack.push(module);
    for (const target of graph.get(module) ?? []) {
      if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target]);
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(module, 'done');
  };
  for (const module of [...graph.keys()].sort()) if (!state.has(module)) visit(module);
  return cycles;
}

/** Folders every part of the console may use: the shared kit, the API's client and the messages. */
const SHARED = ['common', 'dataProvider', 'i18n'];

/** A module's top-level folder under src/ (a resource, the shared kit...), or the module itself at the top. */
const unitOf = (module: string) => (module.includes('/') ? module.split('/')[0] : module);

/** The graph between top-level folders: what the architecture is made of, without what stays inside one. */
export function folderGraph(graph: Map<string, string[]>): Map<string, string[]> {
  const folders = new Map<string, Set<string>>();
  for (const [module, targets] of graph) {
    const from = unitOf(module);
    const reached = folders.get(from) ?? new Set<string>();
    for (const target of targets) if (unitOf(target) !== from) reached.add(unitOf(target));
    folders.set(from, reached);
  }
  return new Map([...folders].map(([folder, reached]) => [folder, [...reached].sort()]));
}

describe("the console's imports", () => {
  const { graph, unresolved } = importGraph();

  it('are all read and resolved, so the check below sees the whole graph', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(unresolved).toEqual([]);
  });

  it('form no cycle', () => {
    expect(importCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('form no cycle between folders, so resource folders stay layered', () => {
    expect(importCycles(folderGraph(graph)).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('reach another resource folder only through its index.ts, the views it makes public', () => {
    const reachedInside = [...graph].flatMap(([module, targets]) =>
      targets
        .filter((target) => unitOf(target) !== unitOf(module) && !SHARED.includes(unitOf(target)))
        .filter((target) => target.includes('/') && target !== `${unitOf(target)}/index.ts`)
        .map((target) => `${module} -> ${target}`),
    );
    expect(reachedInside).toEqual([]);
  });

  it('finds a cycle where there is one', () => {
    const looped = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCycles(looped)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
