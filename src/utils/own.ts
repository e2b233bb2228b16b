// Name lookups that a file or a user string can reach (a loss, optimizer, initializer,
// activation, layer class, optimizer slot): only a table's own entries count, so names like
// `constructor`, `__proto__` or `toString` never resolve to Object.prototype's members.

/** The table's own entry for `name`, or undefined (never an inherited member). */
export function lookupOwn<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/** Names that would reach or replace an object's prototype when used as a plain-object key. */
export function isPrototypeKey(name: string): boolean {
  return name === '__proto__' || name === 'constructor' || name === 'prototype';
}
