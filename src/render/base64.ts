// Bytes → base64 with the runtime's btoa (workerd and Node have it; Buffer is Node's alone), a chunk
// at a time so a large image never becomes one huge argument list.

/** A multiple of 3: each chunk's base64 then ends without padding and the pieces join up. */
const CHUNK = 3 * 8192;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const chunk = bytes.subarray(start, start + CHUNK);
    let binary = "";
    for (let i = 0; i < chunk.length; i++) binary += String.fromCharCode(chunk[i] ?? 0);
    parts.push(btoa(binary));
  }
  return parts.join("");
}

/** A data: URI, as the daily edition inlines its pictures. */
export function dataUri(type: string, bytes: Uint8Array): string {
  return `data:${type};base64,${bytesToBase64(bytes)}`;
}

/** The length of bytesToBase64(bytes) without computing it. */
export function base64Length(byteLength: number): number {
  return Math.ceil(byteLength / 3) * 4;
}
