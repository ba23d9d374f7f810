// The MDN HTTP Observatory's scoring rules (mdn/mdn-http-observatory, src/grader/charts.js and
// src/analyzer/tests/*.js), applied to one response: every test starts at 100, penalties subtract,
// bonuses count only when the score without them is 90 or more, and 100 or more is an A+.

export interface Modifier {
  test: string;
  result: string;
  score: number;
}

export interface Scan {
  score: number;
  grade: string;
  modifiers: Modifier[];
}

export interface Scanned {
  /** The URL of the response being scored (its scheme decides whether HSTS applies). */
  url: string;
  headers: Headers;
  body: string;
  /**
   * For the redirection test: every URL from the plain-HTTP address asked for to the last answer, or
   * undefined when that test does not apply to this response.
   */
  route?: string[];
}

const BROAD = new Set(["ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"]);
const UNSAFE_INLINE = new Set(["'unsafe-inline'", "data:"]);
const NONCE_OR_HASH = /^'(sha256-|sha384-|sha512-|nonce-)/;

/** Directive → sources, lower-cased names; a directive given twice keeps its first value (CSP rule). */
export function parseCsp(header: string): Map<string, Set<string>> {
  const policy = new Map<string, Set<string>>();
  for (const part of header.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    const key = name.toLowerCase();
    if (!policy.has(key)) policy.set(key, new Set(sources.map((s) => (NONCE_OR_HASH.test(s) ? s : s.toLowerCase()))));
  }
  return policy;
}

function csp(scanned: Scanned): Modifier {
  const header = scanned.headers.get("Content-Security-Policy");
  const test = "content-security-policy";
  if (!header) return { test, result: "csp-not-implemented", score: -25 };
  const policy = parseCsp(header);
  const fallback = policy.get("default-src");
  const script = new Set(policy.get("script-src") ?? fallback ?? ["*"]);
  const style = new Set(policy.get("style-src") ?? fallback ?? ["*"]);
  const object = policy.get("object-src") ?? fallback ?? new Set(["*"]);
  for (const list of [script, style]) if ([...list].some((s) => NONCE_OR_HASH.test(s))) list.delete("'unsafe-inline'");
  const https = scanned.url.startsWith("https:");
  const active = [...policy.entries()].filter(([d]) => d !== "img-src" && d !== "media-src" && d !== "script-src").flatMap(([, s]) => [...s]);
  active.push(...script);
  const passive = ["img-src", "media-src"].flatMap((d) => [...(policy.get(d) ?? fallback ?? [])]);
  if ([...script].some((s) => BROAD.has(s) || UNSAFE_INLINE.has(s)) || [...object].some((s) => BROAD.has(s))) {
    return { test, result: "csp-implemented-with-unsafe-inline", score: -20 };
  }
  if (https && active.some((s) => s.startsWith("http:") || s.startsWith("ftp:"))) return { test, result: "csp-implemented-with-insecure-scheme", score: -20 };
  if (script.has("'unsafe-eval'") || style.has("'unsafe-eval'")) return { test, result: "csp-implemented-with-unsafe-eval", score: -10 };
  if (https && passive.some((s) => s.startsWith("http:") || s.startsWith("ftp:"))) {
    return { test, result: "csp-implemented-with-insecure-scheme-in-passive-content-only", score: -10 };
  }
  if ([...style].some((s) => BROAD.has(s) || UNSAFE_INLINE.has(s))) return { test, result: "csp-implemented-with-unsafe-inline-in-style-src-only", score: 0 };
  if (fallback?.has("'none'") && fallback.size === 1) return { test, result: "csp-implemented-with-no-unsafe-default-src-none", score: 10 };
  return { test, result: "csp-implemented-with-no-unsafe", score: 5 };
}

function cookies(scanned: Scanned, hsts: boolean): Modifier {
  const test = "cookies";
  const set = scanned.headers.getSetCookie();
  if (set.length === 0) return { test, result: "cookies-not-found", score: 0 };
  const flags = set.map((c) => c.split(";").map((p) => p.trim().toLowerCase()));
  if (flags.some((f) => !f.includes("secure"))) {
    return hsts
      ? { test, result: "cookies-without-secure-flag-but-protected-by-hsts", score: -5 }
      : { test, result: "cookies-without-secure-flag", score: -20 };
  }
  const sameSite = flags.map((f) => f.find((p) => p.startsWith("samesite="))?.slice("samesite=".length));
  if (sameSite.some((s) => s !== undefined && s !== "lax" && s !== "strict")) return { test, result: "cookies-samesite-flag-invalid", score: -20 };
  if (flags.every((f) => f.includes("httponly")) && sameSite.every((s) => s !== undefined)) {
    return { test, result: "cookies-secure-with-httponly-sessions-and-samesite", score: 5 };
  }
  return { test, result: "cookies-secure-with-httponly-sessions", score: 0 };
}

function cors(scanned: Scanned): Modifier {
  const test = "cross-origin-resource-sharing";
  const origin = scanned.headers.get("Access-Control-Allow-Origin");
  if (!origin) return { test, result: "cross-origin-resource-sharing-not-implemented", score: 0 };
  if (origin.trim() === "*") return { test, result: "cross-origin-resource-sharing-implemented-with-public-access", score: 0 };
  if (scanned.headers.get("Access-Control-Allow-Credentials")?.trim().toLowerCase() === "true") {
    return { test, result: "cross-origin-resource-sharing-implemented-with-universal-access", score: -50 };
  }
  return { test, result: "cross-origin-resource-sharing-implemented-with-restricted-access", score: 0 };
}

function redirection(scanned: Scanned): Modifier | undefined {
  const route = scanned.route?.map((u) => new URL(u));
  const test = "redirection";
  if (!route) return undefined;
  const [first, second] = route;
  if (route.length === 1) return { test, result: "redirection-missing", score: -20 };
  if (route.at(-1)?.protocol !== "https:") return { test, result: "redirection-not-to-https", score: -20 };
  if (second?.protocol === "http:") return { test, result: "redirection-not-to-https-on-initial-redirection", score: -10 };
  if (first?.protocol === "http:" && second?.protocol === "https:" && first.hostname !== second.hostname) {
    return { test, result: "redirection-off-host-from-http", score: -5 };
  }
  return { test, result: "redirection-to-https", score: 0 };
}

function referrer(scanned: Scanned): Modifier {
  const test = "referrer-policy";
  const header = scanned.headers.get("Referrer-Policy");
  if (!header) return { test, result: "referrer-policy-not-implemented", score: 0 };
  const last =
    header
      .split(",")
      .map((v) => v.trim().toLowerCase())
      .at(-1) ?? "";
  if (["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"].includes(last))
    return { test, result: "referrer-policy-private", score: 5 };
  if (["origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"].includes(last))
    return { test, result: "referrer-policy-unsafe", score: -5 };
  return { test, result: "referrer-policy-header-invalid", score: -5 };
}

function hsts(scanned: Scanned): Modifier {
  const test = "strict-transport-security";
  if (!scanned.url.startsWith("https:")) return { test, result: "hsts-not-implemented-no-https", score: -20 };
  const header = scanned.headers.get("Strict-Transport-Security");
  if (!header) return { test, result: "hsts-not-implemented", score: -20 };
  const maxAge = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(header)?.[1];
  if (maxAge === undefined) return { test, result: "hsts-header-invalid", score: -20 };
  return Number(maxAge) >= 15_768_000
    ? { test, result: "hsts-implemented-max-age-at-least-six-months", score: 0 }
    : { test, result: "hsts-implemented-max-age-less-than-six-months", score: -10 };
}

function sri(scanned: Scanned): Modifier {
  const test = "subresource-integrity";
  if (!(scanned.headers.get("Content-Type") ?? "").startsWith("text/html")) return { test, result: "sri-not-implemented-response-not-html", score: 0 };
  const external = [...scanned.body.matchAll(/<script\b[^>]*\bsrc\s*=/gi)];
  if (external.length === 0) return { test, result: "sri-not-implemented-but-no-scripts-loaded", score: 0 };
  return { test, result: "sri-not-implemented-but-external-scripts-loaded-securely", score: -5 };
}

function contentTypeOptions(scanned: Scanned): Modifier {
  const test = "x-content-type-options";
  const header = scanned.headers.get("X-Content-Type-Options");
  if (!header) return { test, result: "x-content-type-options-not-implemented", score: -5 };
  return header.trim().toLowerCase() === "nosniff"
    ? { test, result: "x-content-type-options-nosniff", score: 0 }
    : { test, result: "x-content-type-options-header-invalid", score: -5 };
}

function frameOptions(scanned: Scanned): Modifier {
  const test = "x-frame-options";
  if (parseCsp(scanned.headers.get("Content-Security-Policy") ?? "").has("frame-ancestors"))
    return { test, result: "x-frame-options-implemented-via-csp", score: 5 };
  const header = scanned.headers.get("X-Frame-Options")?.trim().toLowerCase();
  if (!header) return { test, result: "x-frame-options-not-implemented", score: -20 };
  if (header === "deny" || header === "sameorigin") return { test, result: "x-frame-options-sameorigin-or-deny", score: 0 };
  if (header.startsWith("allow-from")) return { test, result: "x-frame-options-allow-from-origin", score: 0 };
  return { test, result: "x-frame-options-header-invalid", score: -20 };
}

function resourcePolicy(scanned: Scanned): Modifier {
  const test = "cross-origin-resource-policy";
  const header = scanned.headers.get("Cross-Origin-Resource-Policy")?.trim().toLowerCase();
  if (!header) return { test, result: "corp-not-implemented", score: 0 };
  if (header === "same-origin") return { test, result: "corp-implemented-with-same-origin", score: 10 };
  if (header === "same-site") return { test, result: "corp-implemented-with-same-site", score: 10 };
  if (header === "cross-origin") return { test, result: "corp-implemented-with-cross-origin", score: 0 };
  return { test, result: "corp-header-invalid", score: -5 };
}

const GRADES: [number, string][] = [
  [100, "A+"],
  [90, "A"],
  [85, "A-"],
  [80, "B+"],
  [70, "B"],
  [65, "B-"],
  [60, "C+"],
  [50, "C"],
  [45, "C-"],
  [40, "D+"],
  [30, "D"],
  [25, "D-"],
  [0, "F"],
];

/** Scores one response the way the Observatory scores the page it scans. */
export function observatory(scanned: Scanned): Scan {
  const strict = hsts(scanned);
  const modifiers = [
    csp(scanned),
    cookies(scanned, strict.score === 0),
    cors(scanned),
    redirection(scanned),
    referrer(scanned),
    strict,
    sri(scanned),
    contentTypeOptions(scanned),
    frameOptions(scanned),
    resourcePolicy(scanned),
  ].filter((m): m is Modifier => m !== undefined);
  const base = 100 + modifiers.filter((m) => m.score < 0).reduce((sum, m) => sum + m.score, 0);
  const bonus = base >= 90 ? modifiers.filter((m) => m.score > 0).reduce((sum, m) => sum + m.score, 0) : 0;
  const score = Math.max(0, base + bonus);
  return { score, grade: GRADES.find(([min]) => score >= min)?.[1] ?? "F", modifiers };
}

/** The penalties of a scan, for a failure message that says what to fix. */
export function penalties(scan: Scan): string[] {
  return scan.modifiers.filter((m) => m.score < 0).map((m) => `${m.result} (${m.score})`);
}
