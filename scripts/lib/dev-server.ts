// Running the site locally as `npm start` does (wrangler dev --env dev on 127.0.0.1), for the browser
// tests, Lighthouse, the load test and a seed with no site running: in its own process group, waiting
// until it answers, stopped with everything it started. Each caller may give it a state folder of its
// own, so tests never read or change the developer's local site.

import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

export const DEV_PORT = 8787;
/** The dev hosts of wrangler.toml's [env.dev] domain policy; Chromium resolves *.localhost itself. */
export const DEV_HOSTS = {
  primary: "news.localhost:8787",
  mirrorOne: "mirror-one.localhost:8787",
  mirrorTwo: "mirror-two.localhost:8787",
  uk: "uk.localhost:8787",
} as const;

export const ROOT = join(import.meta.dirname, "../..");

export interface RunningSite {
  /** The process group of wrangler and workerd, e.g. to pin it to CPUs. */
  pid: number;
  port: number;
  stop(): Promise<void>;
}

/** Resolves when nothing listens on the port; rejects with a message a person can act on otherwise. */
export function assertPortFree(port = DEV_PORT): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${port} is already in use (is \`npm start\` running?). Stop whatever listens on it, then run again.`)
          : error,
      ),
    );
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

/** A port nothing listens on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Whether a site answers on the port (any status: an unseeded site answers /healthz with 503). */
export async function answers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/healthz`, { redirect: "manual", signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface DevServerOptions {
  port?: number;
  /** wrangler's --persist-to: the folder holding local KV, Durable Object storage and the cache. */
  persistTo?: string;
  verbose?: boolean;
  timeoutMs?: number;
  /** Output goes to the terminal as it comes (npm start) instead of being kept for errors. */
  inheritOutput?: boolean;
  wranglerArgs?: string[];
}

/** Starts `wrangler dev --env dev` in its own process group and resolves once it answers. */
export async function startDevServer(options: DevServerOptions = {}): Promise<RunningSite> {
  const port = options.port ?? DEV_PORT;
  await assertPortFree(port);
  const args = [
    join(ROOT, "node_modules/wrangler/bin/wrangler.js"),
    "dev",
    "--env",
    "dev",
    "--port",
    String(port),
    "--ip",
    "127.0.0.1",
    ...(options.persistTo ? ["--persist-to", options.persistTo] : []),
    ...(options.wranglerArgs ?? []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true,
    stdio: options.inheritOutput ? "inherit" : ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("Could not start wrangler dev.");
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (options.verbose) process.stderr.write(chunk);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.on("exit", (code) => {
      exitCode = code;
      resolve();
    }),
  );
  // If this process dies without calling stop(), wrangler and workerd must not outlive it.
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  const onExit = () => killGroup("SIGKILL");
  process.on("exit", onExit);

  async function stop(): Promise<void> {
    process.off("exit", onExit);
    killGroup("SIGTERM");
    const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
    if (timedOut) killGroup("SIGKILL");
    // workerd may outlive its parent for a moment: wait until the port is free for the next run.
    for (let i = 0; i < 50; i++) {
      if (
        await assertPortFree(port).then(
          () => true,
          () => false,
        )
      )
        return;
      await sleep(200);
    }
    killGroup("SIGKILL");
  }

  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  while (!(await answers(port))) {
    if (exitCode !== undefined) throw new Error(`wrangler dev exited (code ${exitCode}) before the site answered:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The site did not answer on port ${port} within ${(options.timeoutMs ?? 180_000) / 1000} s:\n${output}`);
    }
    await sleep(300);
  }
  return { pid, port, stop };
}

export interface IsolatedSite extends RunningSite {
  /** The API token this site runs with. */
  token: string;
}

/**
 * The site as `npm start` runs it, but on state of its own (a temporary folder, its own secrets) and
 * seeded from kv-seed/ through its API: the browser tests, Lighthouse and the load test neither depend
 * on nor change the developer's local site. Stopping it removes the folder.
 */
export async function startIsolatedSite(options: Omit<DevServerOptions, "persistTo"> = {}): Promise<IsolatedSite> {
  const { mkdtemp, readFile, rm, writeFile } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { randomBytes } = await import("node:crypto");
  const { seedLocal, validContent } = await import("./seed-local.ts");
  const dir = await mkdtemp(join(tmpdir(), "edge-news-site-"));
  const token = randomBytes(24).toString("hex");
  // The example's other settings (the demonstration signing key) with a token of this run's own.
  const example = await readFile(join(ROOT, ".dev.vars.example"), "utf8");
  const envFile = join(dir, "site.env");
  await writeFile(envFile, example.replace(/^ADMIN_TOKEN=.*$/m, `ADMIN_TOKEN=${token}`), { mode: 0o600 });
  const content = await validContent();
  const site = await startDevServer({ ...options, persistTo: join(dir, "state"), wranglerArgs: ["--env-file", envFile, ...(options.wranglerArgs ?? [])] });
  try {
    await seedLocal(site.port, content, { token });
  } catch (error) {
    await site.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...site,
    token,
    async stop() {
      await site.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
