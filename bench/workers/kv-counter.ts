// Wraps a Worker so what one invocation costs besides CPU is counted and reported in response
// headers: KV operations (X-Bench-KV-Ops: "get=1 list=0 ...") and log lines (X-Bench-Log:
// "events=1 bytes=230"), background work (waitUntil) included. GET /__bench/scheduled runs the
// Worker's scheduled handler (the cron trigger) the same way. Used only by the bench's counting copies
// of the site, never for throughput figures.

type Handler = {
  fetch?: (request: Request, env: Record<string, unknown>, ctx: ExecutionContext) => Response | Promise<Response>;
  scheduled?: (controller: ScheduledController, env: Record<string, unknown>, ctx: ExecutionContext) => void | Promise<void>;
};

const COUNTED = ["get", "getWithMetadata", "list", "put", "delete"] as const;
const LOG_METHODS = ["log", "info", "warn", "error", "debug"] as const;
export const SCHEDULED_PATH = "/__bench/scheduled";

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

/** Counts console output until the returned function is called (one invocation at a time here). */
function countLogs(log: { events: number; bytes: number }): () => void {
  const saved = LOG_METHODS.map((method) => [method, console[method]] as const);
  for (const [method, original] of saved) {
    console[method] = (...args: unknown[]) => {
      log.events++;
      log.bytes += new TextEncoder().encode(args.map(String).join(" ")).byteLength;
      original.apply(console, args);
    };
  }
  return () => {
    for (const [method, original] of saved) console[method] = original;
  };
}

async function counted(
  binding: string,
  env: Record<string, unknown>,
  ctx: ExecutionContext,
  run: (env: Record<string, unknown>, ctx: ExecutionContext) => Promise<Response>,
) {
  const counts: Record<string, number> = {};
  const log = { events: 0, bytes: 0 };
  const pending: Promise<unknown>[] = [];
  const background: ExecutionContext = {
    waitUntil: (promise) => {
      pending.push(promise);
      ctx.waitUntil(promise);
    },
    passThroughOnException: () => ctx.passThroughOnException(),
    props: ctx.props,
  } as ExecutionContext;
  const restore = countLogs(log);
  try {
    const response = await run({ ...env, [binding]: countingNamespace(env[binding] as KVNamespace, counts) }, background);
    const body = await response.arrayBuffer();
    await Promise.allSettled(pending);
    const out = new Response(response.status === 304 || response.status === 204 ? null : body, response);
    out.headers.set("X-Bench-KV-Ops", COUNTED.map((op) => `${op}=${counts[op] ?? 0}`).join(" "));
    out.headers.set("X-Bench-Log", `events=${log.events} bytes=${log.bytes}`);
    return out;
  } finally {
    restore();
  }
}

export function countKvOps(worker: Handler, binding = "CONTENT"): ExportedHandler<Record<string, unknown>> {
  return {
    fetch(request, env, ctx) {
      if (new URL(request.url).pathname === SCHEDULED_PATH) {
        const controller = { scheduledTime: Date.now(), cron: "* * * * *", noRetry: () => {} } as ScheduledController;
        return counted(binding, env, ctx, async (countedEnv, countedCtx) => {
          await worker.scheduled?.(controller, countedEnv, countedCtx);
          return new Response("scheduled handler ran\n");
        });
      }
      return counted(binding, env, ctx, async (countedEnv, countedCtx) => (worker.fetch as NonNullable<Handler["fetch"]>)(request, countedEnv, countedCtx));
    },
  };
}
