/**
 * Guards the layering ARCHITECTURE.md describes: api's folders import only downwards, and no package has
 * a circle of runtime imports. A failure names the import and the rule it breaks.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { circles, type ImportEdge, importGraph } from './import-graph.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** api/src's layers, bottom first: a module may import its own layer and those below it. */
export const API_LAYERS = [
  'core',
  'db',
  'jobs',
  'http',
  'graphql',
  'products',
  'audit',
  'auth',
  'policies',
  'credit-lines',
  'borrowers',
  'decisions',
  'exposure',
  'case-sets',
  'backtests',
  'scorecards',
  'monitoring',
  'compliance',
  'try',
  'demo',
  'app',
  'cli',
  'entry',
] as const;

/** Files at the top of api/src are the entry points: the server, the CLI, the worker and its threads. */
function apiLayer(path: string): number {
  const folder = path.includes('/') ? path.split('/')[0] : 'entry';
  const layer = API_LAYERS.indexOf(folder as (typeof API_LAYERS)[number]);
  if (layer < 0)
    throw new Error(`api/src/${folder} is in no layer: add it to API_LAYERS and ARCHITECTURE.md`);
  return layer;
}

/**
 * MikroORM's two-way relations need each entity to name the other; the side that points up names its
 * target by string and imports it as a type only, which compiles away.
 */
const mayPointUp = (edge: ImportEdge) => edge.typeOnly && edge.to.endsWith('.entity.ts');

/** Two entities of one folder may name each other: relation decorators read their targets lazily. */
const entityPair = (circle: string[]) => circle.every((file) => file.endsWith('.entity.ts'));

describe('api/src imports point down', () => {
  const edges = importGraph(join(REPO, 'api', 'src'));

  it('reads the graph', () => {
    expect(edges.length).toBeGreaterThan(200);
  });

  it('no module imports a layer above its own', () => {
    const upward = edges
      .filter((edge) => apiLayer(edge.to) > apiLayer(edge.from) && !mayPointUp(edge))
      .map(
        (edge) =>
          `${edge.from} -> ${edge.to} (${API_LAYERS[apiLayer(edge.from)]} may not import ${API_LAYERS[apiLayer(edge.to)]})`,
      );
    expect(upward).toEqual([]);
  });

  it('has no circle of runtime imports but between entities', () => {
    expect(circles(edges).filter((circle) => !entityPair(circle))).toEqual([]);
  });
});

describe.each(['rules/src', 'console/src'])('%s', (folder) => {
  it('has no circle of runtime imports', () => {
    expect(circles(importGraph(join(REPO, folder)))).toEqual([]);
  });
});
