export type Severity = 'error' | 'warning';

/** One problem in a policy document: `path` is a JSON path such as `$.rules[2].conditions.all[0].fact`. */
export interface PolicyProblem {
  code: string;
  path: string;
  message: string;
  severity: Severity;
}

/** The one error type rules/ throws: callers switch on `code`, never on the message. */
export class PolicyError extends Error {
  readonly code: string;
  readonly path?: string;
  readonly problems?: PolicyProblem[];

  constructor(code: string, message: string, options: { path?: string; problems?: PolicyProblem[] } = {}) {
    super(message);
    this.name = 'PolicyError';
    this.code = code;
    if (options.path !== undefined) this.path = options.path;
    if (options.problems !== undefined) this.problems = options.problems;
  }
}

export function jsonPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}
