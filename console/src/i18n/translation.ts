/** Every leaf of T as a string, so that a key missing from (or added to) a translation is a type error. */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };
