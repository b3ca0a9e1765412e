import { describe, expect, it } from 'vitest';
import { canonicalJson, defaultPolicies, revision, sha256Hex } from '../src/index.js';
import { reverseKeys } from './helpers.js';

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    [
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    ],
    ['a'.repeat(1000), '41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3'],
  ])('hashes %j to the FIPS 180-4 vector', (input, expected) => {
    expect(sha256Hex(input)).toBe(expected);
  });

  it('hashes UTF-8, not UTF-16 code units', () => {
    expect(sha256Hex('人民币')).toBe('ba9771ca730db58fec6782e8bb84034a1e7d8d2f8ab26f897168a2c175fe8419');
    expect(sha256Hex('é')).not.toBe(sha256Hex('e\u0301'));
  });
});

describe('canonicalJson and revision', () => {
  it('sorts keys at every depth and drops whitespace and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives a revision independent of key order and formatting', () => {
    const doc = defaultPolicies().ADMISSION;
    const reordered = reverseKeys(doc);
    const reformatted = JSON.parse(JSON.stringify(doc, null, 4));
    expect(revision(doc)).toMatch(/^[0-9a-f]{64}$/);
    expect(revision(reformatted)).toBe(revision(doc));
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(doc));
    expect(revision(reordered)).toBe(revision(doc));
  });

  it('changes the revision when a threshold changes', () => {
    const doc = defaultPolicies().ADMISSION;
    const before = revision(doc);
    doc.parameters!.dsrCap = 0.45;
    expect(revision(doc)).not.toBe(before);
  });

  it('refuses values JSON cannot represent instead of hashing them silently', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrowError(
      expect.objectContaining({ code: 'NOT_SERIALIZABLE' }),
    );
    expect(() => canonicalJson({ f: () => 1 })).toThrow();
    expect(canonicalJson(-0)).toBe('0');
  });
});
