import { canonicalJson } from '@spillway/rules';
import { useCallback, useMemo, useState } from 'react';
import { isObject, type JsonObject } from '../../common/json';

interface DraftState {
  /** Which stored version (and lock version) the draft started from. */
  base: string;
  /** The last document that parsed: what the visual editors show and what is saved or tried. */
  document: JsonObject;
  /** What the JSON editor shows: possibly mid-edit and not parseable. */
  text: string;
  parseError: string | null;
}

const pretty = (document: JsonObject) => JSON.stringify(document, null, 2);

const fresh = (base: string, document: JsonObject): DraftState => ({
  base,
  document,
  text: pretty(document),
  parseError: null,
});

/** A policy document from JSON text, or why it is not one. */
export function parseDocument(text: string): { document: JsonObject } | { error: string } {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? { document: parsed } : { error: 'A policy document is a JSON object' };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * The document being edited, kept in step between the visual editors (which change the document and so
 * rewrite the text) and the JSON editor (whose text replaces the document whenever it parses).
 * `base` names the stored version: a newer one (after a save, or another person's) replaces the draft,
 * but never while it holds unsaved changes, which a save then refuses as a CONFLICT instead of losing.
 */
export function useDraftDocument(saved: JsonObject, base: string) {
  const [state, setState] = useState(() => fresh(base, saved));
  const changed = useMemo(
    () => state.parseError !== null || canonicalJson(state.document) !== canonicalJson(saved),
    [state.document, state.parseError, saved],
  );
  let current = state;
  if (state.base !== base && !changed) {
    current = fresh(base, saved);
    setState(current);
  }
  const editDocument = useCallback((edit: (document: JsonObject) => JsonObject) => {
    setState((previous) => {
      const document = edit(previous.document);
      return { ...previous, document, text: pretty(document), parseError: null };
    });
  }, []);
  const editText = useCallback((text: string) => {
    setState((previous) => {
      const parsed = parseDocument(text);
      return 'document' in parsed
        ? { ...previous, text, document: parsed.document, parseError: null }
        : { ...previous, text, parseError: parsed.error };
    });
  }, []);
  return { ...current, changed: current === state ? changed : false, editDocument, editText };
}
