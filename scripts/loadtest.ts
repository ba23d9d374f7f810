// npm run loadtest: starts the site as `npm start` does (127.0.0.1:8787), drives it from a second
// process with wrk and a realistic mix (scripts/loadtest/mix.lua), and reports requests, errors,
// non-2xx/3xx answers by status and kind, latency percentiles and how busy each CPU core was.

import { spawn } from "node:child_process";
import { request } from "node:http";
import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startIsolatedSite } from "./lib/dev-server.ts";

const root = join(import.meta.dirname, "..");

const HELP = `Usage: npm run loadtest [-- options]

Starts the site locally (as npm start does, on 127.0.0.1:8787; the port must be free), then drives it
with wrk (Debian package: apt-get install -y wrk) from a second process for a bounded time, with a mix
of article, home, section, tag and author pages, feeds, sitemaps, images, region redirects, 404s and
an authenticated API write every few seconds per wrk thread. Reports requests, socket errors,
non-2xx/3xx answers by status and kind, p50/p90/p99 latency and the busy share of each CPU core.
Exits 1 on any socket error or 5xx.

Options:
  --duration <s>       measured run length in seconds (default 30), after a 5 s warm-up
  --connections <n>    open connections (default 32)
  --threads <n>        wrk threads (default 2)
  --write-every <s>    seconds between one thread's API writes (default 5; 0 for none)
  --pin                pin wrk to the first CPU core and the site to the last with taskset (off by
                       default: wrangler dev runs two workerd processes, its proxy and the Worker,
                       and they serve more when they may use every core)`;

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "30" },
    connections: { type: "string", default: "32" },
    threads: { type: "string", default: "2" },
    "write-every": { type: "string", default: "5" },
    pin: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
for (const option of ["duration", "connections", "threads", "write-every"] as const) {
  const given = values[option].replace(/s$/, option === "duration" || option === "write-every" ? "" : "s");
  if (!/^\d+$/.test(given)) {
    console.error(`--${option} must be a whole number${option === "duration" || option === "write-every" ? " of seconds" : ""}, not "${values[option]}"`);
    process.exit(2);
  }
  values[option] = given;
}

const WRK = "/usr/bin/wrk";
if (!existsSync(WRK)) {
  console.error(`wrk is not installed. Install Debian's package: apt-get install -y wrk`);
  process.exit(1);
}

interface WrkResult {
  requests: number;
  duration_us: number;
  bytes: number;
  writes: number;
  errors: { connect: number; read: number; write: number; timeout: number; status: number };
  latency_us: { p50: number; p90: number; p99: number; max: number; mean: number };
  by_status_kind: Record<string, number>;
}

/** Busy and total jiffies of each CPU, from /proc/stat. */
async function cpuTimes(): Promise<Map<string, { busy: number; total: number }>> {
  const out = new Map<string, { busy: number; total: number }>();
  for (const line of (await readFile("/proc/stat", "utf8")).split("\n")) {
    const match = /^(cpu\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = (match[2] ?? "").split(/\s+/).map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    out.set(match[1] ?? "", { busy, total: busy + idle + iowait });
  }
  return out;
}

/** Every process in a process group (wrangler's node and its workerd). */
async function groupMembers(pgid: number): Promise<{ pid: number; name: string }[]> {
  const members: { pid: number; name: string }[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const fields = stat.slice(close + 2).split(" ");
      if (Number(fields[2]) === pgid) members.push({ pid: Number(entry), name: stat.slice(stat.indexOf("(") + 1, close) });
    } catch {
      // The process ended meanwhile.
    }
  }
  return members;
}

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const ms = (us: number) => `${(us / 1000).toFixed(1)} ms`;

/** Deletes the stories the mix wrote (loadtest-story-<thread>), so local KV is as the run found it. */
function deleteStory(slug: string, token: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: 8787,
        method: "DELETE",
        path: `/api/articles/${slug}`,
        headers: { Host: "news.localhost:8787", Authorization: `Bearer ${token}` },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    req.end();
  });
}

async function main(): Promise<number> {
  const cores = (await cpuTimes()).size;
  const pin = values.pin && cores >= 2 && existsSync("/usr/bin/taskset");
  console.log("Starting the site (npm start, wrangler dev on 127.0.0.1:8787, request logging off)...");
  // Request log lines on stdout would cost the site more than serving the request; production sends them to Workers Logs.
  const site = await startIsolatedSite({ wranglerArgs: ["--log-level", "warn"] });
  const token = site.token;
  try {
    const writeEvery = Number(values["write-every"]) > 0 ? values["write-every"] : "0";
    const wrkPrefix: string[] = [];
    if (pin) {
      // The site on the last core, wrk on the first: neither steals the other's CPU time.
      const last = String(cores - 1);
      for (const member of await groupMembers(site.pid)) await run("/usr/bin/taskset", ["-a", "-p", "-c", last, String(member.pid)]);
      wrkPrefix.push("/usr/bin/taskset", "-c", "0");
      console.log(`Pinned the site (wrangler, workerd) to CPU ${last} and wrk to CPU 0.`);
    }
    const wrk = (seconds: string, writes: string) => {
      const args = [
        "-t",
        values.threads,
        "-c",
        values.connections,
        "-d",
        `${seconds}s`,
        "--timeout",
        "5s",
        "-s",
        "scripts/loadtest/mix.lua",
        "http://127.0.0.1:8787",
        "--",
        writes === "0" ? "" : token,
        writes,
      ];
      return pin ? run(wrkPrefix[0] ?? "", [...wrkPrefix.slice(1), WRK, ...args]) : run(WRK, args);
    };
    console.log("Warming up for 5 s (pages into the edge cache)...");
    await wrk("5", "0");

    console.log(
      `Measuring for ${values.duration} s: ${values.connections} connections, ${values.threads} wrk threads, a write every ${writeEvery} s per thread...`,
    );
    const before = await cpuTimes();
    const result = await wrk(values.duration, writeEvery);
    const after = await cpuTimes();
    const line = result.stdout.split("\n").find((l) => l.startsWith("LOADTEST_RESULT "));
    if (!line) {
      console.error(`wrk gave no result (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
      return 1;
    }
    const r = JSON.parse(line.slice("LOADTEST_RESULT ".length)) as WrkResult;
    const seconds = r.duration_us / 1e6;
    const socketErrors = r.errors.connect + r.errors.read + r.errors.write + r.errors.timeout;
    const statuses = Object.entries(r.by_status_kind).sort(([a], [b]) => a.localeCompare(b));
    const failing = statuses.filter(([key]) => Number(key.split(" ")[0]) >= 400);
    const serverErrors = failing.filter(([key]) => Number(key.split(" ")[0]) >= 500).reduce((sum, [, n]) => sum + n, 0);

    console.log(`\nResults (${seconds.toFixed(1)} s):`);
    console.log(`  requests         ${r.requests} (${(r.requests / seconds).toFixed(0)}/s), ${(r.bytes / 1e6).toFixed(1)} MB; API writes ${r.writes}`);
    console.log(
      `  socket errors    ${socketErrors} (connect ${r.errors.connect}, read ${r.errors.read}, write ${r.errors.write}, timeout ${r.errors.timeout})`,
    );
    console.log(`  latency          p50 ${ms(r.latency_us.p50)}, p90 ${ms(r.latency_us.p90)}, p99 ${ms(r.latency_us.p99)}, max ${ms(r.latency_us.max)}`);
    console.log("  answers by status and kind:");
    for (const [key, n] of statuses) console.log(`    ${key.padEnd(18)} ${n}`);
    console.log(`  non-2xx/3xx      ${failing.map(([key, n]) => `${key}: ${n}`).join(", ") || "none"}${serverErrors === 0 ? " (no 5xx)" : ""}`);
    const load = [...after.entries()].map(([cpu, t]) => {
      const b = before.get(cpu) ?? { busy: 0, total: 0 };
      return `${cpu} ${((100 * (t.busy - b.busy)) / Math.max(1, t.total - b.total)).toFixed(0)}%`;
    });
    console.log(`  CPU busy         ${load.join(", ")} (whole machine, other processes included)`);
    const ok = socketErrors === 0 && serverErrors === 0;
    console.log(ok ? "\nOK: no socket errors and no 5xx." : "\nFAILED: socket errors or 5xx answers (see above).");
    return ok ? 0 : 1;
  } finally {
    for (let thread = 1; thread <= Number(values.threads); thread++) await deleteStory(`loadtest-story-${thread}`, token);
    await site.stop();
  }
}

process.exit(await main());
