// Baseline Worker: one stored KV value returned as-is (a pre-rendered article page), the cost floor of
// serving pre-rendered pages straight from KV.

interface BaselineEnv {
  PAGES: KVNamespace;
}

/** The key the bench stores the pre-rendered page under (in a bench-only namespace, not the site's). */
const PAGE_KEY = "prerendered-article";

export default {
  async fetch(_request, env) {
    const page = await env.PAGES.get(PAGE_KEY, "stream");
    if (page === null) return new Response("not seeded\n", { status: 500 });
    return new Response(page, { headers: { "Content-Type": "text/html; charset=utf-8" } });
  },
} satisfies ExportedHandler<BaselineEnv>;
