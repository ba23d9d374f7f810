// Wraps a Worker so every KV operation it makes during a request is counted and reported in the
// X-Bench-KV-Ops response header ("get=1 list=0 ..."): how the bench checks reads per response. Used
// only by the bench's counting copies of the site, never for throughput figures.

type Handler = { fetch?: (request: Request, env: Record<string, unknown>, ctx: ExecutionContext) => Response | Promise<Response> };

const COUNTED = ["get", "getWithMetadata", "list", "put", "delete"] as const;

function countingNamespace(namespace: KVNamespace, counts: Record<string, number>): KVNamespace {
  return new Proxy(namespace, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function" || !(COUNTED as readonly (string | symbol)[]).includes(property)) return value;
      return (...args: unknown[]) => {
        counts[String(property)] = (counts[String(property)] ?? 0) + 1;
        return Reflect.apply(value, target, args);
      };
    },
  });
}

export function countKvOps(worker: Handler, binding = "CONTENT"): ExportedHandler<Record<string, unknown>> {
  return {
    async fetch(request, env, ctx) {
      const counts: Record<string, number> = {};
      const namespace = env[binding] as KVNamespace;
      const response = await (worker.fetch as NonNullable<Handler["fetch"]>)(request, { ...env, [binding]: countingNamespace(namespace, counts) }, ctx);
      const out = new Response(response.body, response);
      out.headers.set("X-Bench-KV-Ops", COUNTED.map((op) => `${op}=${counts[op] ?? 0}`).join(" "));
      return out;
    },
  };
}
