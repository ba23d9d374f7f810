// BLAKE2b (RFC 7693), unkeyed: minisign's prehashed signatures sign the BLAKE2b-512 of the file, and
// neither WebCrypto nor workerd offers it. Each 64-bit word is two 32-bit halves (low at 2i, high at 2i+1).

const IV = new Uint32Array([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a, 0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b,
  0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);

// The message word order of each of the 12 rounds (rounds 10 and 11 repeat 0 and 1).
const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
];

const BLOCK = 128;

function word(a: Uint32Array, i: number): number {
  return a[i] ?? 0;
}

/** v[a] += v[b] + (m[x] when x ≥ 0), modulo 2^64. */
function add(v: Uint32Array, a: number, b: number, m: Uint32Array, x: number): void {
  let lo = word(v, 2 * a) + word(v, 2 * b);
  let hi = word(v, 2 * a + 1) + word(v, 2 * b + 1) + (lo > 0xffffffff ? 1 : 0);
  lo >>>= 0;
  if (x >= 0) {
    const sum = lo + word(m, 2 * x);
    hi += word(m, 2 * x + 1) + (sum > 0xffffffff ? 1 : 0);
    lo = sum;
  }
  v[2 * a] = lo;
  v[2 * a + 1] = hi;
}

/** v[d] = (v[d] xor v[a]) rotated right by n bits (n is 16, 24, 32 or 63). */
function xorRotate(v: Uint32Array, d: number, a: number, n: number): void {
  const lo = word(v, 2 * d) ^ word(v, 2 * a);
  const hi = word(v, 2 * d + 1) ^ word(v, 2 * a + 1);
  if (n === 32) {
    v[2 * d] = hi;
    v[2 * d + 1] = lo;
  } else if (n < 32) {
    v[2 * d] = (lo >>> n) | (hi << (32 - n));
    v[2 * d + 1] = (hi >>> n) | (lo << (32 - n));
  } else {
    const k = n - 32;
    v[2 * d] = (hi >>> k) | (lo << (32 - k));
    v[2 * d + 1] = (lo >>> k) | (hi << (32 - k));
  }
}

function mix(v: Uint32Array, m: Uint32Array, a: number, b: number, c: number, d: number, x: number, y: number): void {
  add(v, a, b, m, x);
  xorRotate(v, d, a, 32);
  add(v, c, d, m, -1);
  xorRotate(v, b, c, 24);
  add(v, a, b, m, y);
  xorRotate(v, d, a, 16);
  add(v, c, d, m, -1);
  xorRotate(v, b, c, 63);
}

function compress(h: Uint32Array, block: Uint8Array, counted: number, last: boolean): void {
  const m = new Uint32Array(32);
  const view = new DataView(block.buffer, block.byteOffset, BLOCK);
  for (let i = 0; i < 32; i++) m[i] = view.getUint32(4 * i, true);
  const v = new Uint32Array(32);
  v.set(h, 0);
  v.set(IV, 16);
  // The byte counter is 128 bits; inputs here stay far below 2^53 bytes.
  v[24] = word(v, 24) ^ (counted % 0x100000000);
  v[25] = word(v, 25) ^ Math.floor(counted / 0x100000000);
  if (last) {
    v[28] = ~word(v, 28);
    v[29] = ~word(v, 29);
  }
  for (const s of SIGMA) {
    const at = (i: number) => s[i] ?? 0;
    mix(v, m, 0, 4, 8, 12, at(0), at(1));
    mix(v, m, 1, 5, 9, 13, at(2), at(3));
    mix(v, m, 2, 6, 10, 14, at(4), at(5));
    mix(v, m, 3, 7, 11, 15, at(6), at(7));
    mix(v, m, 0, 5, 10, 15, at(8), at(9));
    mix(v, m, 1, 6, 11, 12, at(10), at(11));
    mix(v, m, 2, 7, 8, 13, at(12), at(13));
    mix(v, m, 3, 4, 9, 14, at(14), at(15));
  }
  for (let i = 0; i < 16; i++) h[i] = word(h, i) ^ word(v, i) ^ word(v, i + 16);
}

/** The BLAKE2b digest of `data`, `length` bytes long (1 to 64; minisign uses 64). */
export function blake2b(data: Uint8Array, length = 64): Uint8Array {
  if (!Number.isInteger(length) || length < 1 || length > 64) throw new RangeError(`BLAKE2b output length must be 1 to 64 bytes, not ${length}`);
  const h = new Uint32Array(IV);
  h[0] = word(h, 0) ^ 0x01010000 ^ length;
  let offset = 0;
  // Every full block but the last is compressed as it comes; the last (possibly empty, zero-padded) is final.
  while (data.length - offset > BLOCK) {
    compress(h, data.subarray(offset, offset + BLOCK), offset + BLOCK, false);
    offset += BLOCK;
  }
  const last = new Uint8Array(BLOCK);
  last.set(data.subarray(offset));
  compress(h, last, data.length, true);
  const out = new Uint8Array(64);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 16; i++) view.setUint32(4 * i, word(h, i), true);
  return out.slice(0, length);
}
