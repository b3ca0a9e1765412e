import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds a path of the repository by walking up from this module, so the same code works from src/ under
 * vitest and from dist/src/ in production.
 */
export function findInRepository(relativePath: string): string | null {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(directory, relativePath);
    if (existsSync(candidate)) return candidate;
    directory = dirname(directory);
  }
  return null;
}

/** The api package's folder (where its package.json is), reached from src/ and from dist/src/ alike. */
function packageDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json')) && dirname(directory) !== directory) {
    directory = dirname(directory);
  }
  return directory;
}

/** A file shipped with the api package (its seed data), whatever the working directory. */
export const packagePath = (...segments: string[]): string => join(packageDirectory(), ...segments);
