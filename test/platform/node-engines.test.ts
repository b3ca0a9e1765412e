/**
 * The Node versions the project declares (root package.json `engines.node`) must be ones every installed
 * package supports, and the Node running the suite must be one of them: otherwise `npm install` warns
 * EBADENGINE, and the warning scrolls past the person it concerns.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/server.js';

interface Manifest {
  name?: string;
  version?: string;
  engines?: { node?: string };
}

const readManifest = (file: string): Manifest => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

/** Every package installed under a node_modules folder, nested ones included. */
function installedManifests(nodeModules: string, found: Map<string, Manifest> = new Map()) {
  if (!existsSync(nodeModules)) return found;
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || !(entry.isDirectory() || entry.isSymbolicLink())) continue;
    const path = join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      installedManifests(path, found);
      continue;
    }
    const manifest = join(path, 'package.json');
    // Workspace links (@spillway/*) are the project itself, checked by the root's range.
    if (entry.isSymbolicLink() || !existsSync(manifest)) continue;
    found.set(path, readManifest(manifest));
    installedManifests(join(path, 'node_modules'), found);
  }
  return found;
}

const root = readManifest(join(repoRoot, 'package.json'));
const declared = root.engines?.node ?? '';
const workspaces = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }
).workspaces;

describe('the Node versions the project declares', () => {
  it('is a valid range that includes the Node running the suite', () => {
    expect(semver.validRange(declared), `root engines.node "${declared}"`).not.toBeNull();
    expect(semver.satisfies(process.version, declared), `${process.version} vs "${declared}"`).toBe(true);
  });

  it('is supported by every installed package', () => {
    const manifests = new Map<string, Manifest>();
    for (const folder of ['.', ...workspaces])
      installedManifests(join(repoRoot, folder, 'node_modules'), manifests);
    expect(manifests.size).toBeGreaterThan(100);
    const excluding = [...manifests.values()]
      .filter(({ engines }) => engines?.node)
      .filter(({ engines }) => {
        const range = semver.validRange(engines?.node);
        return range === null || !semver.subset(declared, range);
      })
      .map(({ name, version, engines }) => `${name}@${version} wants node "${engines?.node}"`);
    expect(
      [...new Set(excluding)],
      `packages that exclude part of "${declared}": pin a version that supports it (root overrides) or narrow engines`,
    ).toEqual([]);
  });

  it('is the one the README and CI state', () => {
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain(`\`${declared}\``);
    // CI installs with --engine-strict: a package that excludes CI's Node fails the install there.
    expect(readFileSync(join(repoRoot, '.ci', 'run'), 'utf8')).toMatch(/npm ci [^\n]*--engine-strict/);
  });
});
