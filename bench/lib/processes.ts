// Server processes for the bench: start one (its own process group), wait until it says it is ready,
// pin its workerd processes to the server core, read their memory, and stop it by its process id.

import { execFileSync, spawn } from "node:child_process";
import { accessSync, constants, readFileSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export const SERVER_CORE = 0;

/**
 * A program's absolute path, looked up on PATH once: a PATH folder in flux (another tool rewriting
 * its shims) once made a spawn fail with ELOOP in the middle of a long run.
 */
export function executable(name: string): string {
  for (const dir of (process.env.PATH ?? "").split(":").filter(Boolean)) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return name;
}

export const TASKSET = executable("taskset");

export interface Server {
  pid: number;
  /** Everything the process printed so far (for error messages). */
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `command` and resolves once a line matches `ready` (rejects after `timeoutMs` or on exit). */
export function startServer(
  command: string,
  args: string[],
  options: { ready: RegExp; timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string },
): Promise<Server & { match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    let settled = false;
    const pid = child.pid ?? 0;
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("close", () => done());
        try {
          process.kill(-pid, "SIGTERM");
        } catch {
          return done();
        }
        setTimeout(() => {
          try {
            process.kill(-pid, "SIGKILL");
          } catch {
            // already gone
          }
        }, 5000).unref();
      });
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      void stop();
      reject(new Error(`${command} ${args.join(" ")} was not ready after ${(options.timeoutMs ?? 60_000) / 1000} s:\n${output.slice(-3000)}`));
    }, options.timeoutMs ?? 60_000);
    const onData = (d: Buffer) => {
      // Keep only the tail: a dev server prints a line per request.
      output = (output + d.toString()).slice(-20_000);
      const match = output.match(options.ready);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ pid, match, output: () => output, stop });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("close", (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}) before it was ready:\n${output.slice(-3000)}`));
    });
  });
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0] ?? "";
  } catch {
    return "";
  }
}

/** The workerd processes started by `root` (any depth). */
export function workerdPids(root: number): number[] {
  const pids = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
  const descends = (pid: number): boolean => {
    for (let p: number | undefined = pid, depth = 0; p && depth < 10; p = parentOf(p), depth++) if (p === root) return true;
    return false;
  };
  return pids.filter((pid) => pid !== root && commandOf(pid).endsWith("/workerd") && descends(pid));
}

/** Pins every thread of the given processes to one core. */
export function pin(pids: number[], core: number): void {
  for (const pid of pids) execFileSync(TASKSET, ["-a", "-p", "-c", String(core), String(pid)], { stdio: "ignore" });
}

/** Resident memory of a process in MiB. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/**
 * CPU seconds (user + system, every thread) the given processes have used so far: from each thread's
 * /proc/<pid>/task/<tid>/schedstat (nanoseconds on a CPU) where the kernel keeps it, else from
 * /proc/<pid>/stat (10 ms clock ticks, too coarse for short measurements).
 */
export function cpuSeconds(pids: number[]): number {
  let seconds = 0;
  for (const pid of pids) {
    try {
      let nanos = 0;
      for (const tid of readdirSync(`/proc/${pid}/task`)) nanos += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      if (Number.isFinite(nanos)) {
        seconds += nanos / 1e9;
        continue;
      }
    } catch {
      // no schedstat here (or the process is gone): the ticks below
    }
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime: fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
      seconds += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // the process is gone
    }
  }
  return seconds;
}

/** A free TCP port on 127.0.0.1 (for workerd's inspector). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}
