import { isObject, type JsonObject } from '../../common/json';
import type { Segment } from './documentPaths';

/** Somewhere a policy names a reason code: a rule's event, a limit cap, or an outcome it gives by default. */
export interface ReasonPlace {
  /** i18n key of what kind of place it is. */
  kind: 'rule' | 'cap' | 'belowMinimum' | 'onMissingFact';
  /** The rule's or cap's name. */
  name: string | null;
  reasonPath: Segment[];
  /** Rule events carry the message shown with the code. */
  messagePath: Segment[] | null;
}

/** Every place a reason code is (or, for a rule's event, may be) given, in document order. */
export function reasonPlaces(document: JsonObject): ReasonPlace[] {
  const places: ReasonPlace[] = [];
  const nameOf = (item: JsonObject) => (typeof item.name === 'string' ? item.name : null);
  if (Array.isArray(document.rules)) {
    document.rules.forEach((rule, index) => {
      if (!isObject(rule)) return;
      const params = ['rules', index, 'event', 'params'];
      places.push({
        kind: 'rule',
        name: nameOf(rule),
        reasonPath: [...params, 'reason'],
        messagePath: [...params, 'message'],
      });
    });
  }
  const limit = isObject(document.limit) ? document.limit : {};
  if (Array.isArray(limit.caps)) {
    limit.caps.forEach((cap, index) => {
      if (isObject(cap)) {
        places.push({
          kind: 'cap',
          name: nameOf(cap),
          reasonPath: ['limit', 'caps', index, 'reason'],
          messagePath: null,
        });
      }
    });
  }
  if (isObject(limit.belowMinimum)) {
    places.push({
      kind: 'belowMinimum',
      name: null,
      reasonPath: ['limit', 'belowMinimum', 'reason'],
      messagePath: null,
    });
  }
  if (isObject(document.onMissingFact)) {
    places.push({
      kind: 'onMissingFact',
      name: null,
      reasonPath: ['onMissingFact', 'reason'],
      messagePath: null,
    });
  }
  return places;
}
