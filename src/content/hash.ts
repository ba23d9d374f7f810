// Content hashes, computed synchronously so the writer can version a story and name every blob of a new
// projection inside one storage transaction (WebCrypto digests are asynchronous). Not for secrets.

/** cyrb53: a 53-bit string hash with good spread (public domain, by bryc). */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A name for a text: its length and two independent 53-bit hashes of it. Accidental collisions are out
 * of reach (about 2^-100 per pair); only editors write, and they could change any story anyway.
 * @example contentHash('{"a":1}') // "7-17n1rz14gl41nu9hiboiee"
 */
export function contentHash(text: string): string {
  return `${text.length.toString(36)}-${cyrb53(text, 1).toString(36)}${cyrb53(text, 2).toString(36)}`;
}
