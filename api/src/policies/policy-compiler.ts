import { type CompiledPolicy, compilePolicy, revision } from '@spillway/rules';
import { DomainError } from '../core/errors.js';

/**
 * Compiled policies by version and revision. A document is immutable once its version leaves DRAFT, so a
 * version is checked against its stored revision and compiled once per process; every process (API,
 * worker, worker thread) keeps its own.
 */
export class PolicyCompiler {
  private readonly compiled = new Map<string, CompiledPolicy>();

  /** Refuses a document that no longer hashes to its stored revision: someone edited the row. */
  compile(version: {
    versionId: string;
    revision: string;
    document: Record<string, unknown>;
  }): CompiledPolicy {
    const key = `${version.versionId}:${version.revision}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      if (revision(version.document) !== version.revision) {
        throw new DomainError(
          'INTERNAL',
          `Policy version ${version.versionId} does not match its stored revision`,
          {
            versionId: version.versionId,
          },
        );
      }
      compiled = compilePolicy(version.document);
      this.compiled.set(key, compiled);
    }
    return compiled;
  }
}
