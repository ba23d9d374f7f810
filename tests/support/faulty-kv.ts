// A KV namespace that fails on demand, for fault tests: wraps the real binding and makes chosen
// operations throw, hang (a timeout), return corrupt JSON, or apply and then report failure. Passed to
// the Worker through a copy of env, so production code carries no test hooks.

export type Fault =
  /** The operation throws, as KV does during an outage. */
  | "fail"
  /** The operation never settles: the Worker's own timeout (KV_TIMEOUT_MS) must give up on it. */
  | "timeout"
  /** Reads return text that is not JSON, as a damaged value would. */
  | "corrupt"
  /** Writes land, but the caller is told they failed (a lost reply): the outcome is unknown to the Worker. */
  | "applied-then-fail";

export type Operation = "get" | "getWithMetadata" | "list" | "put" | "delete";

export interface FaultPlan {
  fault: Fault;
  /** Which operations fail (default: all). */
  operations?: readonly Operation[];
  /** Which keys (or list prefixes) fail (default: all). */
  keys?: (key: string) => boolean;
}

export interface FaultyNamespace {
  namespace: KVNamespace;
  /** How many operations the plan hit, by operation. */
  hits: Record<Operation, number>;
  /** Every write (put or delete) that reached the real binding. */
  writes: string[];
}

const OPERATIONS: readonly Operation[] = ["get", "getWithMetadata", "list", "put", "delete"];

function keyOf(operation: Operation, args: unknown[]): string {
  const first = args[0];
  if (operation === "list") return typeof first === "object" && first !== null && "prefix" in first ? String(first.prefix ?? "") : "";
  if (Array.isArray(first)) return first.map(String).join(",");
  return String(first);
}

/** A hanging promise that never settles: what a KV call stuck on the network looks like. */
const never = () => new Promise<never>(() => undefined);

/** Wraps `real` so the operations the plan names misbehave; every other call passes through. */
export function faultyNamespace(real: KVNamespace, plan: FaultPlan): FaultyNamespace {
  const hits: Record<Operation, number> = { get: 0, getWithMetadata: 0, list: 0, put: 0, delete: 0 };
  const writes: string[] = [];
  const operations = plan.operations ?? OPERATIONS;
  const namespace = new Proxy(real, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const operation = OPERATIONS.find((o) => o === prop);
      if (!operation) return value.bind(target);
      return async (...args: unknown[]) => {
        const key = keyOf(operation, args);
        const hit = operations.includes(operation) && (plan.keys ? plan.keys(key) : true);
        const isWrite = operation === "put" || operation === "delete";
        if (!hit) {
          if (isWrite) writes.push(key);
          return value.apply(target, args);
        }
        hits[operation]++;
        switch (plan.fault) {
          case "fail":
            throw new Error(`injected KV failure: ${operation} ${key}`);
          case "timeout":
            return never();
          case "corrupt":
            if (operation === "get") return Array.isArray(args[0]) ? new Map(args[0].map((k) => [String(k), "{corrupt"])) : "{corrupt";
            return value.apply(target, args);
          case "applied-then-fail":
            if (isWrite) {
              writes.push(key);
              await value.apply(target, args);
            }
            throw new Error(`injected KV failure after the ${operation} of ${key} was applied`);
        }
      };
    },
  });
  return { namespace, hits, writes };
}
