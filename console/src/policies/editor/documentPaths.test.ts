import { describe, expect, it } from 'vitest';
import type { PolicyProblem } from '../../dataProvider/policies';
import { getIn, jsonPath, problemsUnder, renameIn, setIn } from './documentPaths';

const problem = (path: string): PolicyProblem => ({ code: 'X', path, message: path, severity: 'error' });

describe('document paths', () => {
  it('writes JSON paths as rules/ does', () => {
    expect(jsonPath(['rules', 2, 'conditions', 'all', 0, 'value'])).toBe(
      '$.rules[2].conditions.all[0].value',
    );
    expect(jsonPath(['facts', 'new fact'])).toBe('$.facts["new fact"]');
    expect(jsonPath([])).toBe('$');
  });

  it('finds the problems of a part and of what it contains, not of its siblings', () => {
    const problems = ['$.rules[1]', '$.rules[1].name', '$.rules[1].event.type', '$.rules[10].name'].map(
      problem,
    );
    expect(problemsUnder(problems, '$.rules[1]').map((p) => p.path)).toEqual([
      '$.rules[1]',
      '$.rules[1].name',
      '$.rules[1].event.type',
    ]);
    expect(problemsUnder(problems, '$.rules[1].name')).toHaveLength(1);
  });
});

describe('editing a document', () => {
  const document = { kind: 'LIMIT', rules: [{ name: 'a' }, { name: 'b' }], parameters: { x: 1, y: 2 } };

  it('reads a part, or nothing where the shape differs', () => {
    expect(getIn(document, ['rules', 1, 'name'])).toBe('b');
    expect(getIn(document, ['kind', 'name'])).toBeUndefined();
    expect(getIn(document, ['parameters', 0])).toBeUndefined();
  });

  it('sets a part, sharing what it does not touch', () => {
    const edited = setIn(document, ['rules', 1, 'name'], 'c');
    expect(edited.rules).toEqual([{ name: 'a' }, { name: 'c' }]);
    expect((edited.rules as unknown[])[0]).toBe(document.rules[0]);
    expect(edited.parameters).toBe(document.parameters);
    expect(document.rules[1].name).toBe('b');
  });

  it('creates missing containers and removes parts set to undefined', () => {
    expect(setIn({}, ['limit', 'caps', 0, 'name'], 'cap')).toEqual({ limit: { caps: [{ name: 'cap' }] } });
    expect(setIn(document, ['rules', 0], undefined).rules).toEqual([{ name: 'b' }]);
    expect(setIn(document, ['parameters', 'x'], undefined).parameters).toEqual({ y: 2 });
  });

  it('renames a key in place, refusing to overwrite another', () => {
    expect(Object.keys(renameIn(document, ['parameters'], 'x', 'z').parameters as object)).toEqual([
      'z',
      'y',
    ]);
    expect(renameIn(document, ['parameters'], 'x', 'y')).toBe(document);
  });
});
