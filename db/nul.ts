import type pg from "pg";

/**
 * PostgreSQL's text and jsonb cannot hold U+0000 (SQLite's can), and a
 * statement that sends one fails whole. A NUL is never part of what someone
 * means to write (it cannot be typed; it arrives from a forged request or a
 * broken upstream feed), so on PostgreSQL it is dropped on the way in rather
 * than turning a lookup, a note or a webhook into an error.
 */
const NUL = "\u0000";

/** `value` with every U+0000 removed from its strings, however deep in arrays and plain objects; the same value when it has none. */
export function withoutNul<T>(value: T): T {
  if (typeof value === "string") return (value.includes(NUL) ? value.replaceAll(NUL, "") : value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((item, i) => {
      const clean = withoutNul(item);
      if (clean !== item) (copy ??= [...value])[i] = clean;
    });
    return (copy ?? value) as T;
  }
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    let copy: Record<string, unknown> | null = null;
    for (const [key, item] of Object.entries(value)) {
      const clean = withoutNul(item);
      const cleanKey = withoutNul(key);
      if (clean !== item || cleanKey !== key) {
        copy ??= { ...(value as Record<string, unknown>) };
        delete copy[key];
        copy[cleanKey] = clean;
      }
    }
    return (copy ?? value) as T;
  }
  return value;
}

/**
 * Makes a pg client drop U+0000 from the values it sends (strings, and
 * strings in arrays), for the pool's "connect" event. JSON sent as text has
 * it as an escape instead, which the jsonb columns' own type takes out
 * (schema.pg.ts).
 */
export function sendWithoutNul(client: pg.ClientBase): void {
  const send = client.query.bind(client) as (...args: unknown[]) => unknown;
  // pg's query has many forms; each passes its values either in a config object or as the second argument.
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [first, second] = args;
    if (first && typeof first === "object" && Array.isArray((first as { values?: unknown }).values)) {
      const values = withoutNul((first as { values: unknown[] }).values);
      if (values !== (first as { values: unknown[] }).values) args[0] = Object.assign(Object.create(Object.getPrototypeOf(first) as object) as object, first, { values });
    }
    if (Array.isArray(second)) args[1] = withoutNul(second);
    return send(...args);
  };
}
