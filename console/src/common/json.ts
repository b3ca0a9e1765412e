// Policy documents and traces are JSON the console did not write: read defensively, shown as they are.

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const omitKey = (object: JsonObject, omitted: string) =>
  Object.fromEntries(Object.entries(object).filter(([key]) => key !== omitted));

/** Short inline form of a value, e.g. `{ param: 'dsrCap' }` -> `param:dsrCap`. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'fact' || keys[0] === 'param')) {
      return `${keys[0]}:${formatValue(value[keys[0]])}`;
    }
  }
  return JSON.stringify(value);
}
