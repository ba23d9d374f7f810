// The outside services the Worker calls, as local fakes for the integration project: OONI with the dev
// fixtures, and a webhook. Their ports are free ones chosen once per test run (in the Node process that
// reads tests/vitest.config.ts and runs its global setup), so two runs on one machine never collide.
// Tests inside workerd find them through the bindings: env.OONI_API_URL, env.REACH_WEBHOOK_URL.

import { createServer } from "node:net";

const VARIABLE = "EDGE_NEWS_OUTSIDE_PORTS";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface OutsidePorts {
  ooni: number;
  webhook: number;
}

/** The ports of this run's fakes: chosen on the first call, the same on every later one. */
export async function outsidePorts(): Promise<OutsidePorts> {
  const chosen = process.env[VARIABLE];
  if (chosen) return JSON.parse(chosen) as OutsidePorts;
  const ports = { ooni: await freePort(), webhook: await freePort() };
  process.env[VARIABLE] = JSON.stringify(ports);
  return ports;
}

export const localUrl = (port: number) => `http://127.0.0.1:${port}`;
