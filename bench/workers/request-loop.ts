// Wraps the site so GET /__bench/loop?url=<page>&n=<count>&headers=<json>&cf=<json> calls its fetch handler
// `count` times in a row inside its own isolate, each with a new Request (headers and request.cf as given)
// and its body read to the end, and answers with the statuses seen. What a request costs in JavaScript and
// the runtime APIs it calls (Request, Response, Headers, URL, the Cache API), without the HTTP server and
// the socket, whose cost is the same whatever the Worker does: the compare part's finer measure of a change
// to the request path. Every other request goes to the site as it is.

type Handler = { fetch: (request: Request, env: unknown, ctx: ExecutionContext) => Response | Promise<Response> };

export function requestLoop(site: Handler): ExportedHandler<Record<string, unknown>> {
  return {
    async fetch(request, env, ctx) {
      const url = new URL(request.url);
      if (url.pathname !== "/__bench/loop") return site.fetch(request, env, ctx);
      const target = url.searchParams.get("url") ?? "";
      const count = Number(url.searchParams.get("n") ?? "1");
      const headers = JSON.parse(url.searchParams.get("headers") ?? "{}") as Record<string, string>;
      const cf = JSON.parse(url.searchParams.get("cf") ?? "{}") as Record<string, unknown>;
      const statuses: Record<string, number> = {};
      for (let i = 0; i < count; i++) {
        const response = await site.fetch(new Request(target, { headers, cf } as RequestInit), env, ctx);
        await response.arrayBuffer();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
      return Response.json(statuses);
    },
  };
}
