// Runs wrk (pinned to core 1, away from workerd on core 0) against one target and parses the JSON line
// bench/lib/wrk-report.lua prints.

import { execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { TASKSET, executable } from "./processes.ts";

export interface Target {
  url: string;
  headers: Record<string, string>;
}

export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** Socket-level errors (connect, read, write, timeout). */
  socketErrors: number;
  statuses: Record<string, number>;
}

export const LOAD_CORE = 1;
const WRK = executable("wrk");

export function wrkMissingMessage(): string | undefined {
  try {
    execFileSync(WRK, ["--version"], { stdio: "ignore" });
  } catch (error) {
    // wrk --version exits 1 after printing its banner; only a missing binary is a problem.
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      return "wrk is not installed. Install it with:\n  sudo apt-get install -y wrk\n(then run `npm run bench` again)";
  }
  try {
    execFileSync(TASKSET, ["-V"], { stdio: "ignore" });
  } catch {
    return "taskset is not installed (Debian package util-linux):\n  sudo apt-get install -y util-linux";
  }
  return undefined;
}

export function runWrk(target: Target, options: { connections: number; seconds: number; timeoutSeconds?: number }): Promise<WrkResult> {
  const args = [
    "-c",
    String(LOAD_CORE),
    WRK,
    "-t1",
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    `--timeout=${options.timeoutSeconds ?? 10}s`,
    "-s",
    join(import.meta.dirname, "wrk-report.lua"),
    ...Object.entries(target.headers).flatMap(([name, value]) => ["-H", `${name}: ${value}`]),
    target.url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(TASKSET, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", () => {
      const line = out.split("\n").find((l) => l.startsWith("WRK_JSON "));
      if (!line) return reject(new Error(`wrk printed no result for ${target.url}:\n${out}`));
      const r = JSON.parse(line.slice("WRK_JSON ".length)) as {
        requests: number;
        durationUs: number;
        p50Us: number;
        p90Us: number;
        p99Us: number;
        maxUs: number;
        meanUs: number;
        errors: { connect: number; read: number; write: number; timeout: number };
        statuses: Record<string, number>;
      };
      const seconds = r.durationUs / 1e6;
      resolve({
        requests: r.requests,
        seconds,
        rps: r.requests / seconds,
        p50Ms: r.p50Us / 1000,
        p90Ms: r.p90Us / 1000,
        p99Ms: r.p99Us / 1000,
        maxMs: r.maxUs / 1000,
        meanMs: r.meanUs / 1000,
        socketErrors: r.errors.connect + r.errors.read + r.errors.write + r.errors.timeout,
        statuses: r.statuses,
      });
    });
  });
}
