// Runs the site exactly as `npm start` does (seeded local KV, wrangler dev --env dev on 127.0.0.1:8787)
// for the browser tests and Lighthouse, waits until it answers, and stops its whole process group.

import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
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

const root = join(import.meta.dirname, "../..");

export interface RunningSite {
  /** The process group of `npm start` (wrangler and workerd), e.g. to pin it to CPUs. */
  pid: number;
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

async function answers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/healthz`, { redirect: "manual", signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `node scripts/start.ts` in its own process group, after emptying the local page cache. Output is kept and shown only when the
 * site fails to come up (or always, with `verbose`).
 */
export async function startSite(options: { verbose?: boolean; timeoutMs?: number; wranglerArgs?: string[] } = {}): Promise<RunningSite> {
  await assertPortFree();
  // Local KV stays; the local edge cache goes, or pages rendered by older code (cached for up to
  // 15 minutes, kept for a day) would be what the browser tests and Lighthouse judge.
  await rm(join(root, ".wrangler/state/v3/cache"), { recursive: true, force: true });
  const child = spawn(process.execPath, [join(root, "scripts/start.ts"), ...(options.wranglerArgs ?? [])], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("Could not start scripts/start.ts.");
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (options.verbose) process.stderr.write(chunk);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
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
        await assertPortFree().then(
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
  while (!(await answers(DEV_PORT))) {
    if (exitCode !== undefined) throw new Error(`npm start exited (code ${exitCode}) before the site answered:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The site did not answer on port ${DEV_PORT} within ${(options.timeoutMs ?? 180_000) / 1000} s:\n${output}`);
    }
    await sleep(300);
  }
  return { pid, stop };
}
