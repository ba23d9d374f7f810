// Bench-only loader: writes batches of KV entries (the shape recordEntries returns) into the
// namespace named in the URL (/load/SCALE_100), from inside workerd, far faster than one RPC per key.

interface Entry {
  key: string;
  value: string;
  metadata?: unknown;
  base64?: boolean;
}

export default {
  async fetch(request, env) {
    const binding = new URL(request.url).pathname.replace(/^\/load\//, "");
    const namespace = env[binding] as KVNamespace | undefined;
    if (request.method !== "POST" || !namespace) return new Response("POST /load/<binding>\n", { status: 400 });
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
