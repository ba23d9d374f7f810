// Bench-only access to KV namespaces the site does not own the writing of: POST /load/<binding> writes a
// batch of entries (the one-KV-value baseline's page, into PAGES); GET /get/<binding>?key=<key> reads one
// value as stored (the archives' projections, for the site run in Node: bench/lib/node-worker.ts), with
// its metadata in X-Metadata; 404 when the key is absent. The site's own content only ever arrives
// through its import API.

interface Entry {
  key: string;
  value: string;
  metadata?: unknown;
  base64?: boolean;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const [, action, binding] = url.pathname.split("/");
    const namespace = env[binding ?? ""] as KVNamespace | undefined;
    if (!namespace) return new Response("POST /load/<binding> or GET /get/<binding>?key=<key>\n", { status: 400 });
    if (request.method === "GET" && action === "get") {
      const found = await namespace.getWithMetadata(url.searchParams.get("key") ?? "", "arrayBuffer");
      if (found.value === null) return new Response(null, { status: 404 });
      return new Response(found.value, { headers: { "X-Metadata": JSON.stringify(found.metadata ?? null) } });
    }
    if (request.method !== "POST" || action !== "load") return new Response("POST /load/<binding> or GET /get/<binding>?key=<key>\n", { status: 400 });
    const entries = (await request.json()) as Entry[];
    await Promise.all(
      entries.map((e) =>
        namespace.put(
          e.key,
          e.base64 ? Uint8Array.from(atob(e.value), (c) => c.charCodeAt(0)) : e.value,
          e.metadata === undefined ? {} : { metadata: e.metadata },
        ),
      ),
    );
    return new Response(`${entries.length}\n`);
  },
} satisfies ExportedHandler<Record<string, unknown>>;
