// JSON Merge Patch (RFC 7396), used by PATCH /api/articles/{slug}: null removes a field, an object is
// merged field by field, anything else replaces. Pure.

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Applies a merge patch to a JSON value and returns the result (the target is not modified). Objects
 * are rebuilt from entries, so a "__proto__" key stays a plain field and never reaches a prototype.
 * @example mergePatch({ a: 1, b: { c: 2 } }, { a: null, b: { d: 3 } }) // { b: { c: 2, d: 3 } }
 */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const base = isObject(target) ? target : {};
  const entries = new Map<string, Json>(Object.entries(base));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) entries.delete(key);
    else entries.set(key, mergePatch(entries.get(key), value));
  }
  return Object.fromEntries(entries);
}
