// The receiving platform's verdict on a message's sender, read from the Authentication-Results header
// (RFC 8601) that Cloudflare Email Routing adds as "mx.cloudflare.net" (docs/readers.md, "News by
// email"). Anyone can write such a header, so only the topmost one counts, and only from a trusted
// authserv-id; the platform's own reply() also refuses a sender without valid DMARC.

/** One method's result: "spf=pass smtp.mailfrom=a@b" → { method: "spf", result: "pass", properties: { "smtp.mailfrom": "a@b" } }. */
export interface MethodResult {
  method: string;
  result: string;
  properties: Record<string, string>;
}

export interface AuthenticationResults {
  authservId: string;
  results: MethodResult[];
}

/** The header lines a parser returns, in message order (postal-mime's Email.headers). */
export type HeaderLines = readonly { key: string; value: string }[];

/** Drops (comments), which may hold ";" and "=", keeping "quoted strings" intact. */
function withoutComments(value: string): string {
  let out = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] ?? "";
    if (c === "\\" && (quoted || depth > 0)) {
      if (depth === 0) out += c + (value[i + 1] ?? "");
      i++;
    } else if (quoted) {
      out += c;
      if (c === '"') quoted = false;
    } else if (c === "(") depth++;
    else if (c === ")" && depth > 0) depth--;
    else if (depth === 0) {
      if (c === '"') quoted = true;
      out += c;
    }
  }
  return out;
}

const RESULT = /^([a-z0-9_-]+)(?:\s*\/\s*\d+)?\s*=\s*([a-z0-9_-]+)(.*)$/i;
const PROPERTY = /([a-z0-9_-]+\.[a-z0-9_.-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;]+)/gi;

/** Parses one Authentication-Results value ("mx.cloudflare.net; dkim=pass header.d=…; dmarc=pass …"). */
export function parseAuthenticationResults(value: string): AuthenticationResults | undefined {
  const [head, ...parts] = withoutComments(value)
    .split(";")
    .map((part) => part.trim());
  const authservId = head?.split(/\s+/)[0]?.toLowerCase() ?? "";
  if (!authservId) return undefined;
  const results: MethodResult[] = [];
  for (const part of parts) {
    const match = RESULT.exec(part);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const [, name, raw] of (match[3] ?? "").matchAll(PROPERTY)) {
      if (name && raw) properties[name.toLowerCase()] = raw.replace(/^"|"$/g, "");
    }
    results.push({ method: (match[1] ?? "").toLowerCase(), result: (match[2] ?? "").toLowerCase(), properties });
  }
  return { authservId, results };
}

/** The platform's verdict on a message: its DMARC result and the SPF result for the envelope sender. */
export interface SenderVerdict {
  authservId: string;
  /** "pass", "fail", "none", … or "missing" when the header names no DMARC result. */
  dmarc: string;
  /** The SPF result for smtp.mailfrom (not the HELO name), or "missing". */
  spf: string;
}

function verdictOf(parsed: AuthenticationResults): SenderVerdict {
  const dmarc = parsed.results.find((r) => r.method === "dmarc")?.result ?? "missing";
  const spfs = parsed.results.filter((r) => r.method === "spf");
  const mailFrom = spfs.find((r) => "smtp.mailfrom" in r.properties) ?? spfs.find((r) => !("smtp.helo" in r.properties));
  return { authservId: parsed.authservId, dmarc, spf: mailFrom?.result ?? "missing" };
}

/**
 * The verdict of the topmost Authentication-Results header (the last receiver prepends its own), when a
 * trusted authserv-id wrote it; undefined otherwise. ARC-Authentication-Results copies are not read:
 * they are as easy to forge and add nothing when the platform's own header is there.
 */
export function senderVerdict(headers: HeaderLines, trusted: readonly string[]): SenderVerdict | undefined {
  const topmost = headers.find((h) => h.key.toLowerCase() === "authentication-results");
  const parsed = topmost ? parseAuthenticationResults(topmost.value) : undefined;
  if (!parsed || !trusted.some((id) => id.toLowerCase() === parsed.authservId)) return undefined;
  return verdictOf(parsed);
}
