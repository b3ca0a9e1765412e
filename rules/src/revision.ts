import { canonicalJson } from './canonical-json.js';
import { sha256Hex } from './sha256.js';

/** The revision of a document: sha256 of its canonical JSON, 64 lowercase hex characters. */
export function revision(document: unknown): string {
  return sha256Hex(canonicalJson(document));
}
