// Hostile requests through the Worker: each gets a clear status (never a 5xx), its security headers,
// and a body without internals. Requests that fetch() cannot express (absolute-form targets, duplicate
// Host headers, raw bytes in the request line) are sent over a socket in tests/e2e/raw-http.test.ts.

import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_PROBLEMS_LISTED } from "../../src/api/errors.ts";
import { MAX_JSON_DEPTH } from "../../src/api/body.ts";
import { activeContent, readPage } from "../support/html.ts";
import { api, articleInput as article, json, settled, visit, writer } from "../support/worker.ts";

/** What a refused request must leave as it was: every KV value, and the writer's audit log (one entry per change). */
async function storedState(): Promise<{ kv: Map<string, string>; audit: string }> {
  const kv = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown> = await env.CONTENT.list(cursor ? { cursor } : {});
    for (const { name } of page.keys) {
      const value = await env.CONTENT.get(name, "arrayBuffer");
      const digest = value ? new Uint8Array(await crypto.subtle.digest("SHA-256", value)) : new Uint8Array();
      kv.set(name, Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""));
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return { kv, audit: JSON.stringify(await writer().audit({ limit: 1 })) };
}

/** Runs a request that must be refused and asserts that nothing was stored: KV and the writer's record are as before. */
async function expectNoWrite(request: () => Promise<Response>): Promise<Response> {
  // Whatever an earlier test changed is written out first, so only this request can change anything.
  await settled();
  const before = await storedState();
  const res = await request();
  await res.clone().arrayBuffer();
  await settled();
  expect(await storedState()).toEqual(before);
  return res;
}

// /healthz (reached through a dot-segment below) is "ok" once the cron has passed.
beforeAll(async () => {
  await writer().tick();
});

const ARTICLE = "/articles/city-marathon-sets-participation-record";
const INTERNALS = /\bat [\w.<>]+ \(|\.ts:\d+|node_modules|StorageError|TypeError|RangeError|SyntaxError: |workerd/;

interface Case {
  name: string;
  status: number;
  request: () => Promise<Response>;
  /** Extra checks on the answer. */
  check?: (res: Response, body: string) => void | Promise<void>;
}

/** The answer every hostile request must get: its status, the Worker's headers, no internals. */
async function expectClear(c: Case): Promise<void> {
  const res = await c.request();
  const body = await res.clone().text();
  expect(res.status, c.name).toBe(c.status);
  expect(res.headers.get("X-Request-Id"), c.name).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers.get("Content-Security-Policy"), c.name).toContain("default-src 'none'");
  expect(body, c.name).not.toMatch(INTERNALS);
  // A page served despite the hostile request is the page itself, not an empty or error body.
  if (c.status === 200 && res.headers.get("Content-Type")?.startsWith("text/html")) expect(body, c.name).toContain("The Meridian Courier</");
  await c.check?.(res, body);
}

function run(cases: Case[]): void {
  for (const c of cases) it(`${c.name} → ${c.status}`, () => expectClear(c));
}

const json400 = (fragment: RegExp) => async (res: Response) => expect((await json<{ error: string }>(res.clone())).error).toMatch(fragment);
const noLocation = (res: Response) => expect(res.headers.get("Location")).toBeNull();

describe("invalid percent-encoding", () => {
  run([
    { name: "a truncated UTF-8 sequence in a slug", status: 404, request: () => visit("/articles/%E0%A4%A") },
    { name: "a lone percent sign", status: 404, request: () => visit("/articles/%") },
    { name: "a percent sign before non-hex characters", status: 404, request: () => visit("/articles/%zz") },
    { name: "an overlong UTF-8 encoding of '/'", status: 404, request: () => visit("/tag/%C0%AF") },
    { name: "an invalid byte in a section feed path", status: 404, request: () => visit("/section/%FF/feed.xml") },
    { name: "an invalid byte in a media name", status: 404, request: () => visit("/media/%E0.svg") },
    {
      name: "a damaged cursor on a listing (links from before pages had numbers go to page 2)",
      status: 301,
      request: () => visit("/section/news?cursor=%E0%A4%A"),
      check: (res) => expect(res.headers.get("Location")).toBe("http://news.localhost:8787/section/news/page/2"),
    },
    { name: "invalid encoding under the API, with a token", status: 404, request: () => api("GET", "/api/articles/%E0%A4%A") },
    { name: "invalid encoding in an API query", status: 400, request: () => api("GET", "/api/articles?limit=%E0") },
  ]);
});

describe("NUL and control characters", () => {
  run([
    { name: "an encoded NUL in a slug", status: 404, request: () => visit("/articles/a%00b") },
    {
      name: "encoded CR LF trying to inject a header",
      status: 404,
      request: () => visit("/articles/x%0d%0aSet-Cookie:%20owned=1"),
      check: (res) => expect(res.headers.get("Set-Cookie")).toBeNull(),
    },
    {
      name: "encoded CR LF in a path that is redirected by region",
      status: 302,
      request: () => visit("/%0d%0aLocation:%20http://evil.example", { country: "CN" }),
      check: (res) => expect(res.headers.get("Location")).toBe("http://mirror-one.localhost:8787/%0d%0aLocation:%20http://evil.example"),
    },
    { name: "control characters in the query of a page", status: 200, request: () => visit("/?q=%00%01%1b%7f") },
    { name: "an encoded NUL in an API slug", status: 404, request: () => api("GET", "/api/articles/a%00b") },
    {
      name: "a NUL in a JSON string of an article",
      status: 400,
      request: () => expectNoWrite(() => api("PUT", "/api/articles/nul-headline", { body: article({ headline: "a\u0000b" }) })),
    },
  ]);
});

describe("dot-segments and encoded slashes in slugs", () => {
  run([
    { name: "encoded ../ in an article slug", status: 404, request: () => visit("/articles/..%2F..%2Fsite") },
    { name: "encoded ../ in a section path", status: 404, request: () => visit("/section/news%2F..%2F..%2Fapi") },
    { name: "encoded ../ in a media name (KV key traversal)", status: 404, request: () => visit("/media/..%2Fsite.json") },
    { name: "fully encoded ../ in a media name", status: 404, request: () => visit("/media/%2e%2e%2fsite.json") },
    { name: "an encoded slash after a real slug", status: 404, request: () => visit(`${ARTICLE}%2F`) },
    { name: "an encoded slash inside a tag slug", status: 404, request: () => visit("/tag/water%2Ffeed.xml") },
    { name: "an encoded backslash in a slug", status: 404, request: () => visit("/articles/x%5C..%5Csite") },
    {
      name: "dot-segments that climb to the API: resolved by the URL parser, then the API asks for a token",
      status: 401,
      request: () => visit("/articles/x/../../api/articles"),
    },
    { name: "percent-encoded dot-segments resolve like plain ones (WHATWG URL)", status: 200, request: () => visit("/articles/%2e%2e/healthz") },
    {
      name: "a slug with an encoded slash on the API write path",
      status: 400,
      request: () => expectNoWrite(() => api("PUT", "/api/articles/a%2Fb", { body: article() })),
    },
  ]);
});

describe("Unicode look-alike slugs", () => {
  run([
    { name: "a Cyrillic с in place of the Latin c", status: 404, request: () => visit("/articles/%D1%81ity-marathon-sets-participation-record") },
    { name: "a zero-width space after the slug", status: 404, request: () => visit(`${ARTICLE}%E2%80%8B`) },
    { name: "fullwidth Latin letters", status: 404, request: () => visit("/articles/%EF%BD%83%EF%BD%89%EF%BD%94%EF%BD%99") },
    { name: "a dotless ı in an author slug", status: 404, request: () => visit("/author/am%C4%B1ra-haddad") },
    { name: "upper case (slugs are lower-case only)", status: 404, request: () => visit("/articles/City-Marathon-Sets-Participation-Record") },
    { name: "a right-to-left override in a tag", status: 404, request: () => visit("/tag/%E2%80%AEretaw") },
    {
      name: "an internationalised look-alike host: never served, sent to a configured host",
      status: 302,
      request: () => visit("/", { host: "news.lo%D1%81alhost:8787".replace("%D1%81", "с"), country: "US" }),
      check: (res) => expect(res.headers.get("Location")).toBe("http://news.localhost:8787/"),
    },
    {
      name: "a look-alike slug on the API write path",
      status: 400,
      request: () => expectNoWrite(() => api("PUT", "/api/articles/%D1%81ity-marathon", { body: article() })),
    },
  ]);
});

describe("overlong addresses and headers", () => {
  run([
    { name: "a 7,000-character query on a page (under the limit)", status: 200, request: () => visit(`/?q=${"x".repeat(7000)}`) },
    {
      name: "an 800-parameter query on a listing",
      status: 200,
      request: () => visit(`/section/news?${Array.from({ length: 800 }, (_, i) => `p${i}=1`).join("&")}`),
    },
    {
      name: "a 9,000-character query",
      status: 414,
      request: () => visit(`/?q=${"x".repeat(9000)}`),
      check: (_res, body) => expect(body).toContain("longer than 8 KiB"),
    },
    { name: "a 20,000-character path", status: 414, request: () => visit(`/articles/${"a".repeat(20_000)}`) },
    {
      name: "an overlong address under the API, answered in JSON",
      status: 414,
      request: () => api("GET", `/api/articles/${"a".repeat(9000)}`),
      check: async (res) => expect(res.headers.get("Content-Type")).toContain("application/json"),
    },
    {
      name: "one header over 8 KiB",
      status: 431,
      request: () => visit("/", { headers: { "X-Padding": "p".repeat(9000) } }),
      check: (_res, body) => expect(body).toContain("one header is longer than 8 KiB"),
    },
    { name: "a 9 KiB Cookie header", status: 431, request: () => visit("/", { headers: { Cookie: `a=${"c".repeat(9000)}` } }) },
    { name: "a 7 KiB Cookie header (under the limit)", status: 200, request: () => visit("/", { headers: { Cookie: `a=${"c".repeat(7000)}` } }) },
    {
      name: "more than 100 header fields",
      status: 431,
      request: () => visit("/", { headers: Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`X-Field-${i}`, "v"])) }),
      check: (_res, body) => expect(body).toContain("more than 100 header fields"),
    },
    {
      name: "more than 32 KiB of headers in all",
      status: 431,
      request: () => visit("/", { headers: Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`X-Part-${i}`, "h".repeat(7000)])) }),
    },
    {
      name: "oversized headers on the API, refused before the token is checked",
      status: 431,
      request: () => api("PUT", "/api/articles/big-headers", { body: article(), headers: { "X-Padding": "p".repeat(9000) } }),
    },
  ]);
});

describe("methods", () => {
  // Methods fetch() cannot send (TRACE, CONNECT, made-up ones) are sent over a socket in tests/e2e/raw-http.test.ts.
  const pageMethods = ["POST", "PUT", "DELETE", "PATCH", "PROPFIND", "PURGE", "MKCOL", "LOCK", "QUERY"];
  run(
    pageMethods.map((method) => ({
      name: `${method} on an article page: 405 with Allow`,
      status: 405,
      request: () => visit(ARTICLE, { method, ...(method === "DELETE" ? {} : { body: "x" }) }),
      check: (res: Response) => expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS"),
    })),
  );
  run([
    {
      name: "OPTIONS on a page: the list of methods, no body",
      status: 204,
      request: () => visit(ARTICLE, { method: "OPTIONS" }),
      check: async (res) => {
        expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
        expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
      },
    },
    {
      name: "OPTIONS on an API address with the token: its methods, no CORS",
      status: 204,
      request: () => api("OPTIONS", "/api/articles/x", { headers: { Origin: "https://evil.example" } }),
      check: (res) => {
        expect(res.headers.get("Allow")).toBe("GET, PUT, PATCH, DELETE, HEAD, OPTIONS");
        expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
        expect(res.headers.get("Access-Control-Allow-Methods")).toBeNull();
      },
    },
    {
      name: "PROPFIND on the API",
      status: 405,
      request: () => api("PROPFIND", "/api/policy"),
      check: (res) => expect(res.headers.get("Allow")).toBe("GET, PUT, DELETE, HEAD, OPTIONS"),
    },
  ]);
});

describe("Range on pages and media (ignored: the whole resource, 200)", () => {
  const whole = async (path: string, range: string): Promise<void> => {
    const full = await (await visit(path)).arrayBuffer();
    const res = await visit(path, { headers: { Range: range } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Range")).toBeNull();
    expect((await res.arrayBuffer()).byteLength).toBe(full.byteLength);
  };
  run([
    {
      name: "bytes=0-10 on an article",
      status: 200,
      request: () => visit(ARTICLE, { headers: { Range: "bytes=0-10" } }),
      check: () => whole(ARTICLE, "bytes=0-10"),
    },
    {
      name: "a suffix range on the home page",
      status: 200,
      request: () => visit("/", { headers: { Range: "bytes=-5" } }),
      check: () => whole("/", "bytes=-5"),
    },
    {
      name: "a thousand overlapping ranges (a range amplification attempt)",
      status: 200,
      request: () =>
        visit(ARTICLE, {
          headers: {
            Range: `bytes=${Array.from({ length: 1000 }, () => "0-")
              .join(",")
              .slice(0, 7000)}`,
          },
        }),
    },
    { name: "an unsatisfiable range", status: 200, request: () => visit(ARTICLE, { headers: { Range: "bytes=999999999-" } }) },
    {
      name: "a range on a PNG",
      status: 200,
      request: () => visit("/media/meteor-shower-night-sky.png", { headers: { Range: "bytes=0-0" } }),
      check: () => whole("/media/meteor-shower-night-sky.png", "bytes=0-0"),
    },
  ]);
});

describe("compressed and chunked bodies on the API", () => {
  const chunks = (text: string) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(text);
        for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
        controller.close();
      },
    });
  run(
    ["br", "deflate", "zstd", "identity, gzip", "GZIP"].map((encoding) => ({
      name: `Content-Encoding: ${encoding}`,
      status: 400,
      request: () => expectNoWrite(() => api("PUT", "/api/articles/compressed", { body: article(), headers: { "Content-Encoding": encoding } })),
      check: json400(/uncompressed/),
    })),
  );
  run([
    {
      name: "a chunked article body within the limit is read whole",
      status: 201,
      request: () => api("PUT", "/api/articles/chunked-story", { raw: chunks(JSON.stringify(article())), headers: { "Content-Type": "application/json" } }),
    },
    {
      name: "a non-numeric Content-Length",
      status: 400,
      request: () => expectNoWrite(() => api("PUT", "/api/articles/odd-length", { body: article(), headers: { "Content-Length": "12abc" } })),
    },
  ]);
});

describe("JSON bombs", () => {
  const deepArray = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
  const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
  const put = (path: string, raw: string, method = "PUT", type = "application/json") =>
    expectNoWrite(() => api(method, path, { raw, headers: { "Content-Type": type } }));
  const depthMessage = json400(new RegExp(`more than ${MAX_JSON_DEPTH} levels deep`));
  run([
    { name: "arrays nested 100,000 deep", status: 400, request: () => put("/api/articles/bomb", deepArray(100_000)), check: depthMessage },
    { name: "objects nested 50,000 deep", status: 400, request: () => put("/api/articles/bomb", deepObject(50_000)), check: depthMessage },
    {
      name: "a nesting bomb as a merge patch",
      status: 400,
      request: () => put("/api/articles/city-marathon-sets-participation-record", deepObject(5_000), "PATCH", "application/merge-patch+json"),
      check: depthMessage,
    },
    { name: "a nesting bomb as a domain policy", status: 400, request: () => put("/api/policy", deepArray(10_000)), check: depthMessage },
    { name: "a nesting bomb as a rollback command", status: 400, request: () => put("/api/policy/rollback", deepArray(2_000), "POST"), check: depthMessage },
    { name: "nesting just past the limit", status: 400, request: () => put("/api/articles/bomb", deepArray(MAX_JSON_DEPTH + 1)), check: depthMessage },
    {
      name: "brackets inside strings do not count as nesting",
      status: 400,
      request: () => put("/api/articles/brackets", JSON.stringify(article({ standfirst: "[".repeat(200), headline: 7 }))),
      check: async (res) => expect((await json<{ problems: { field: string }[] }>(res.clone())).problems.map((p) => p.field)).toEqual(["headline"]),
    },
    {
      name: "a 200,000-entry tags array: one problem, a small answer",
      status: 400,
      request: () => put("/api/articles/huge-array", JSON.stringify(article({ tags: Array.from({ length: 200_000 }, () => "x") }))),
      check: (_res, body) => {
        expect(body.length).toBeLessThan(2_000);
        expect(body).toContain("has 200000 entries; the limit is 10");
      },
    },
    {
      name: "50,000 unknown fields: the answer lists the first problems and counts the rest",
      status: 400,
      request: () =>
        put("/api/articles/wide-object", JSON.stringify({ ...article(), ...Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`f${i}`, i])) })),
      check: async (res, body) => {
        const answer = await json<{ problems: unknown[]; problemsNotListed: number }>(res.clone());
        expect(answer.problems).toHaveLength(MAX_PROBLEMS_LISTED);
        expect(answer.problemsNotListed).toBe(50_000 - MAX_PROBLEMS_LISTED);
        expect(body.length).toBeLessThan(20_000);
      },
    },
    {
      name: "a number too large for a double (image width 1e400)",
      status: 400,
      request: () => put("/api/articles/huge-number", '{"headline":"x","image":{"width":1e400}}'),
    },
    {
      name: "a __proto__ key in a merge patch",
      status: 400,
      request: () =>
        put(
          "/api/articles/city-marathon-sets-participation-record",
          '{"__proto__":{"status":"draft"},"constructor":{"prototype":{"x":1}}}',
          "PATCH",
          "application/merge-patch+json",
        ),
      check: async (res) => expect(JSON.stringify(await json(res.clone()))).toContain("__proto__"),
    },
  ]);
});

/** Publishes an article whose body is `markdown` and returns its page, for checks on what the body became. */
async function publishBody(slug: string, markdown: string): Promise<{ status: number; page: string }> {
  const res = await api("PUT", `/api/articles/${slug}`, { body: article({ body: markdown }) });
  if (res.status >= 300) return { status: res.status, page: "" };
  return { status: res.status, page: await (await visit(`/articles/${slug}`)).text() };
}

describe("Markdown that tries to run script", () => {
  const attacks: [string, string][] = [
    ["a raw <script> element", "Hello <script>alert(1)</script> world"],
    ["an <img> with onerror", '<img src="x" onerror="alert(1)">'],
    ["an <svg onload>", "<svg/onload=alert(1)>"],
    ["an <iframe>", '<iframe src="https://evil.example"></iframe>'],
    ["a javascript: link", "[click](javascript:alert(1))"],
    ["a mixed-case JaVaScRiPt: link", "[click](JaVaScRiPt:alert(1))"],
    ["a javascript: link with an encoded tab", "[click](java%09script:alert(1))"],
    ["a javascript: link written with an entity", "[click](&#106;avascript:alert(1))"],
    ["a javascript: autolink", "<javascript:alert(1)>"],
    ["a javascript: reference link", "[click][evil]\n\n[evil]: javascript:alert(1)"],
    ["a data: link", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"],
    ["a vbscript: link", "[click](vbscript:msgbox(1))"],
    ["a file: link", "[passwords](file:///etc/passwd)"],
    ["an event-handler attribute smuggled after a link title", '[x](https://example.org "title" onmouseover="alert(1)")'],
    ["a <a> element with an event handler", '<a href="https://example.org" onclick="alert(1)">x</a>'],
    ["a meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
    ["a <base> element", '<base href="https://evil.example/">'],
    ["a </script> in the body text", "Text with </script><script>alert(1)</script> inside"],
    // markdown-it refuses these URLs, so no image is made and the source shows as text.
    ["a javascript: image", "![x](javascript:alert(1))"],
    ["a data: image", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"],
  ];
  attacks.forEach(([name, markdown], i) => {
    it(`${name}: published as inert text`, async () => {
      const { status, page } = await publishBody(`markdown-attack-${i}`, markdown);
      expect(status).toBe(201);
      expect(activeContent(page)).toEqual([]);
    });
  });

  for (const [name, markdown] of [
    ["an image from another site (a tracking pixel)", "![x](https://evil.example/pixel.png)"],
    ["an image outside /media/", "![x](/api/articles)"],
  ] as const) {
    it(`${name}: refused (400), nothing written`, async () => {
      const res = await expectNoWrite(() => api("PUT", "/api/articles/markdown-image-attack", { body: article({ body: markdown }) }));
      expect(res.status).toBe(400);
      expect(JSON.stringify(await json(res))).toContain("must be one of this site's media files");
    });
  }
});

describe("</script> in every text field, through the API", () => {
  it("every field survives on the page, in JSON-LD and in share cards, and the page stays inert", async () => {
    const breaker = "</script><script>alert(1)</script><!--\"'&";
    const res = await api("PUT", "/api/articles/script-breaker", {
      body: article({
        headline: `Headline ${breaker}`,
        standfirst: `Standfirst ${breaker}`,
        image: { media: "port-cranes.jpg", alt: `Alt ${breaker}`, caption: `Caption ${breaker}`, credit: `Credit ${breaker}`, width: 1200, height: 675 },
        body: `Body ${breaker}`,
      }),
    });
    expect(res.status).toBe(201);
    const html = await (await visit("/articles/script-breaker")).text();
    expect(activeContent(html)).toEqual([]);
    const page = readPage(html);
    expect(page.title).toBe(`Headline ${breaker} | The Meridian Courier`);
    expect(page.jsonLd[0]).toMatchObject({ headline: `Headline ${breaker}`, description: `Standfirst ${breaker}` });
    expect(page.meta.find(([name]) => name === "og:image:alt")?.[1]).toBe(`Alt ${breaker}`);
  });
});

describe("SVG uploads carrying script", () => {
  const svgs: [string, string][] = [
    ["a namespaced <svg:script>", '<svg xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)</svg:script></svg>'],
    ["a mixed-case <ScRiPt>", '<svg xmlns="http://www.w3.org/2000/svg"><ScRiPt>alert(1)</ScRiPt></svg>'],
    ["an onload after a slash", '<svg xmlns="http://www.w3.org/2000/svg"/onload=alert(1)>'],
    ["an event handler on an inner element", '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1" onmouseover="alert(1)"/></svg>'],
    ["an event handler right after a quote", '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"onclick="alert(1)"/></svg>'],
    ["a javascript: link", '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>'],
    [
      "an xlink:href to data:",
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="data:image/svg+xml;base64,AAAA"/></svg>',
    ],
    ["a <use> of another file", '<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/sprite.svg#a"/></svg>'],
    [
      "an <animate> that rewrites href to javascript:",
      '<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
    ],
    ["a <set> that adds an event handler", '<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onmouseover" to="alert(1)"/></svg>'],
    [
      "a <foreignObject> with HTML",
      '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><p>x</p></body></foreignObject></svg>',
    ],
    [
      "an external entity (XXE)",
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
    ],
    ["a stylesheet @import", '<svg xmlns="http://www.w3.org/2000/svg"><style>@import "https://evil.example/x.css";</style></svg>'],
    ["a CSS url() to another site", '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/x)"/></svg>'],
    [
      "an xml-stylesheet processing instruction",
      '<?xml-stylesheet href="https://evil.example/x.xsl" type="text/xsl"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    ],
    ["HTML pretending to be an SVG", "<html><body><script>alert(1)</script></body></html>"],
  ];
  for (const [name, svg] of svgs) {
    it(`${name}: refused (400), nothing stored, nothing served`, async () => {
      const res = await expectNoWrite(() => api("PUT", "/api/media/hostile-upload.svg", { raw: svg, headers: { "Content-Type": "image/svg+xml" } }));
      expect(res.status).toBe(400);
      expect(JSON.stringify(await json(res))).toMatch(/SVG|not an SVG document/);
      expect((await visit("/media/hostile-upload.svg")).status).toBe(404);
    });
  }

  it("an SVG sent under a .png name: refused by its first bytes", async () => {
    const res = await expectNoWrite(() =>
      api("PUT", "/api/media/disguised.png", {
        raw: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        headers: { "Content-Type": "image/png" },
      }),
    );
    expect(res.status).toBe(400);
  });

  it("an SVG sent as text/html: refused with 415", async () => {
    const res = await expectNoWrite(() =>
      api("PUT", "/api/media/typed-html.svg", { raw: '<svg xmlns="http://www.w3.org/2000/svg"/>', headers: { "Content-Type": "text/html" } }),
    );
    expect(res.status).toBe(415);
  });
});

describe("answers to hostile requests are never redirects off the site", () => {
  it("no hostile request above answered with a Location outside the configured hosts", async () => {
    for (const path of ["/articles/%E0%A4%A", "/%2F%2Fevil.example", "/articles/..%2F..%2Fsite", `/?q=${"x".repeat(9000)}`]) {
      const res = await visit(path, { country: "CN" });
      const location = res.headers.get("Location");
      if (location) expect(new URL(location).host).toBe("mirror-one.localhost:8787");
      else noLocation(res);
    }
  });
});
