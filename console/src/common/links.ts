/** A list's path with its filter set, as react-admin reads it from the location. */
export const listWithFilter = (path: string, filter: Record<string, unknown>) =>
  `${path}?filter=${encodeURIComponent(JSON.stringify(filter))}`;
