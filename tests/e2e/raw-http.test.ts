// Requests fetch() cannot send, written byte for byte to the running site (127.0.0.1:8787, started by
// this project's global setup; no browser needed): absolute-form targets, duplicate and hostile Host
// headers, raw bytes in the request line, odd methods and framing. Each gets a clear 4xx, 2xx or 3xx.
// Some never reach the Worker: the local runtime refuses them first (no X-Request-Id on the answer).

import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { DEV_HOSTS, DEV_PORT } from "../../scripts/lib/dev-server.ts";

const HOST = DEV_HOSTS.primary;
const CONFIGURED = Object.values(DEV_HOSTS);
const INTERNALS = /\bat [\w.<>]+ \(|\.ts:\d+|node_modules|StorageError|TypeError|workerd\/|jsg/;

interface RawResponse {
  status: number;
  headers: Map<string, string>;
  body: string;
  /** Every status line in the stream (pipelined requests get one each). */
  statuses: number[];
}

/** Writes `request` to the site and reads until the server closes the connection. */
function send(request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(DEV_PORT, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(15_000, () => socket.destroy(new Error("no answer within 15 s")));
    socket.on("data", (d) => chunks.push(d));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const split = text.indexOf("\r\n\r\n");
      const [statusLine = "", ...lines] = text.slice(0, split).split("\r\n");
      const headers = new Map(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      resolve({
        status: Number(statusLine.split(" ")[1]),
        headers,
        body: text.slice(split + 4),
        statuses: [...text.matchAll(/^HTTP\/1\.[01] (\d{3})/gm)].map((m) => Number(m[1])),
      });
    });
    socket.end(typeof request === "string" ? Buffer.from(request, "latin1") : request);
  });
}

/** A request with the given head lines, CRLF-terminated, closing the connection afterwards. */
const lines = (...head: string[]) => `${head.join("\r\n")}\r\nConnection: close\r\n\r\n`;

interface Case {
  name: string;
  request: string | Buffer;
  status: number;
  /** Answered by the Worker (true) or refused by the runtime in front of it (false). */
  worker: boolean;
  check?: (res: RawResponse) => void;
}

function expectSafeLocation(res: RawResponse): void {
  const location = res.headers.get("location");
  if (location) expect(CONFIGURED).toContain(new URL(location).host);
}

const WORKER_CASES: Case[] = [
  {
    name: "an absolute-form target naming another site: routed by the configured Host, nothing fetched from the other site",
    request: lines("GET http://evil.example/articles/x?y=1 HTTP/1.1", `Host: ${HOST}`, "X-Geo-Country: US"),
    status: 404,
    worker: true,
  },
  {
    name: "an absolute-form target naming this site with a foreign Host: redirected to a configured host",
    request: lines(`GET http://${HOST}/ HTTP/1.1`, "Host: evil.example", "X-Geo-Country: US"),
    status: 302,
    worker: true,
    check: (res) => expect(res.headers.get("location")).toBe(`http://${HOST}/`),
  },
  {
    name: "a Host with userinfo (news@evil)",
    request: lines("GET / HTTP/1.1", `Host: ${HOST}@evil.example`, "X-Geo-Country: US"),
    status: 302,
    worker: true,
  },
  {
    name: "a Host carrying a path",
    request: lines("GET / HTTP/1.1", `Host: evil.example/${HOST}`, "X-Geo-Country: US"),
    status: 302,
    worker: true,
  },
  {
    name: "a Host in capitals with a trailing dot: the same configured host",
    request: lines("GET / HTTP/1.1", "Host: NEWS.LOCALHOST.:8787", "X-Geo-Country: US"),
    status: 200,
    worker: true,
  },
  {
    name: "a configured host on another port",
    request: lines("GET /x?y=1 HTTP/1.1", "Host: news.localhost:1", "X-Geo-Country: US"),
    status: 302,
    worker: true,
    check: (res) => expect(res.headers.get("location")).toBe(`http://${HOST}/x?y=1`),
  },
  {
    name: "raw UTF-8 bytes (a Cyrillic look-alike) in the request line",
    request: Buffer.concat([
      Buffer.from("GET /articles/"),
      Buffer.from("сity-marathon-sets-participation-record", "utf8"),
      Buffer.from(` HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`),
    ]),
    status: 404,
    worker: true,
  },
  {
    name: "TRACE: 405 with Allow, nothing echoed back",
    request: lines("TRACE / HTTP/1.1", `Host: ${HOST}`, "X-Secret: do-not-echo"),
    status: 405,
    worker: true,
    check: (res) => {
      expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
      expect(res.body).not.toContain("do-not-echo");
    },
  },
  { name: "MOVE on a page", request: lines("MOVE / HTTP/1.1", `Host: ${HOST}`), status: 405, worker: true },
  { name: "OPTIONS on a page", request: lines("OPTIONS / HTTP/1.1", `Host: ${HOST}`), status: 204, worker: true },
  { name: "HTTP/1.0 with a Host", request: lines("GET / HTTP/1.0", `Host: ${HOST}`, "X-Geo-Country: US"), status: 200, worker: true },
  {
    name: "a 10,000-character path",
    request: lines(`GET /articles/${"a".repeat(10_000)} HTTP/1.1`, `Host: ${HOST}`),
    status: 414,
    worker: true,
  },
  { name: "a 20 KiB header", request: lines("GET / HTTP/1.1", `Host: ${HOST}`, `X-Big: ${"b".repeat(20_000)}`), status: 431, worker: true },
  {
    name: "300 header fields",
    request: lines("GET / HTTP/1.1", `Host: ${HOST}`, ...Array.from({ length: 300 }, (_, i) => `X-H${i}: v`)),
    status: 431,
    worker: true,
  },
  {
    name: "a duplicated header (Cookie twice)",
    request: lines("GET / HTTP/1.1", `Host: ${HOST}`, "X-Geo-Country: US", "Cookie: edge_stay=1", "Cookie: edge_stay=0"),
    status: 200,
    worker: true,
  },
  {
    name: "Range on an article: ignored, the whole page",
    request: lines("GET /articles/city-marathon-sets-participation-record HTTP/1.1", `Host: ${HOST}`, "X-Geo-Country: US", "Range: bytes=0-10"),
    status: 200,
    worker: true,
    check: (res) => expect(res.headers.has("content-range")).toBe(false),
  },
  {
    name: "a chunked API write without a token: refused before the body matters",
    request: `PUT /api/articles/x HTTP/1.1\r\nHost: ${HOST}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n5\r\n{"a":\r\n2\r\n1}\r\n0\r\n\r\n`,
    status: 401,
    worker: true,
  },
  {
    name: "a gzip-encoded API write without a token",
    request: `PUT /api/articles/x HTTP/1.1\r\nHost: ${HOST}\r\nContent-Encoding: gzip\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    status: 401,
    worker: true,
  },
  {
    name: "Content-Length and Transfer-Encoding together (a smuggling attempt): chunked wins, nothing slips through as a 5xx",
    request: `POST / HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`,
    status: 405,
    worker: true,
    check: (res) => expect(res.statuses.every((s) => s < 500)).toBe(true),
  },
];

const RUNTIME_CASES: Case[] = [
  { name: "a NUL byte in the request line", request: lines("GET /articles/a\u0000b HTTP/1.1", `Host: ${HOST}`), status: 400, worker: false },
  { name: "a control character in the request line", request: lines("GET /articles/a\u0001b HTTP/1.1", `Host: ${HOST}`), status: 400, worker: false },
  { name: "a NUL byte in a header value", request: lines("GET / HTTP/1.1", `Host: ${HOST}`, "X-A: a\u0000b"), status: 400, worker: false },
  { name: "a bare space in the path", request: lines("GET /a b HTTP/1.1", `Host: ${HOST}`), status: 400, worker: false },
  { name: "an HTTP/1.1 request without Host", request: lines("GET / HTTP/1.1"), status: 400, worker: false },
  {
    name: "a TLS handshake sent to the plain-HTTP port",
    request: Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]),
    status: 400,
    worker: false,
  },
  {
    name: "two Content-Length headers that disagree",
    request: `POST / HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab`,
    status: 400,
    worker: false,
  },
  {
    name: "raw Latin-1 bytes (invalid UTF-8) in the path",
    request: Buffer.concat([Buffer.from("GET /articles/caf"), Buffer.from([0xe9]), Buffer.from(` HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`)]),
    status: 400,
    worker: false,
  },
  {
    name: "a 100,000-character path (over the runtime's own limit)",
    request: lines(`GET /${"a".repeat(100_000)} HTTP/1.1`, `Host: ${HOST}`),
    status: 414,
    worker: false,
  },
];

/**
 * Refused by the local runtime with a 5xx before the Worker runs: workerd answers unknown methods with
 * 501; Miniflare's entry worker fails with a bare 500 on a Host it cannot turn into a URL and on
 * CONNECT, and wrangler's dev proxy with a 500 (and its own stack trace) when a request body is
 * malformed. On Cloudflare the edge refuses such requests before any Worker runs. README "Security and
 * hardening" lists them; these tests pin the local behaviour and prove the Worker never answers them.
 */
const LOCAL_RUNTIME_5XX: Case[] = [
  { name: "a made-up method (FOO)", request: lines("FOO / HTTP/1.1", `Host: ${HOST}`), status: 501, worker: false },
  { name: "two Host headers", request: lines("GET / HTTP/1.1", `Host: ${HOST}`, "Host: evil.example"), status: 500, worker: false },
  { name: "a Host with characters no host name has", request: lines("GET / HTTP/1.1", "Host: <script>"), status: 500, worker: false },
  { name: "an asterisk-form target (OPTIONS *)", request: lines("OPTIONS * HTTP/1.1", `Host: ${HOST}`), status: 500, worker: false },
  { name: "CONNECT", request: lines("CONNECT evil.example:443 HTTP/1.1", "Host: evil.example:443"), status: 500, worker: false },
  {
    name: "a chunked body with a malformed chunk size",
    request: `POST / HTTP/1.1\r\nHost: ${HOST}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nab\r\n0\r\n\r\n`,
    status: 500,
    worker: false,
  },
];

function run(cases: Case[], options: { runtimeBody?: "short" | "any" } = {}): void {
  for (const c of cases) {
    it(`${c.name} → ${c.status}`, async () => {
      const res = await send(c.request);
      expect(res.status).toBe(c.status);
      expect(res.headers.has("x-request-id"), c.worker ? "answered by the Worker" : "refused before the Worker").toBe(c.worker);
      if (c.worker) expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      // The local dev proxy prints its own stack on a broken body; the Worker's answers never carry one.
      if (c.worker || options.runtimeBody !== "any") expect(res.body).not.toMatch(INTERNALS);
      if (!c.worker && options.runtimeBody !== "any") expect(res.body.length).toBeLessThan(100);
      expectSafeLocation(res);
      c.check?.(res);
    });
  }
}

describe("raw requests the Worker answers", () => run(WORKER_CASES));
describe("raw requests the runtime refuses before the Worker", () => run(RUNTIME_CASES));
describe("raw requests the local runtime answers with a 5xx (the edge refuses them in production)", () => run(LOCAL_RUNTIME_5XX, { runtimeBody: "any" }));
