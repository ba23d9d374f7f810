// Runs once in Node before the integration project: the outside services the Worker is bound to, as
// local fakes (tests/vitest.config.ts binds OONI_API_URL and REACH_WEBHOOK_URL to them): OONI answering
// with the dev fixtures (mirror-one blocked in Iran) and a webhook receiver. Stopped after the last test.

import { join } from "node:path";
import { startFakeOoni } from "../support/fake-ooni.ts";
import { startFakeWebhook } from "../support/fake-webhook.ts";
import { outsidePorts } from "../support/outside.ts";

export default async function setup(): Promise<() => Promise<void>> {
  const ports = await outsidePorts();
  const ooni = await startFakeOoni({ fixtures: join(import.meta.dirname, "../fixtures/ooni-dev"), port: ports.ooni });
  const webhook = await startFakeWebhook({ port: ports.webhook });
  return async () => {
    await ooni.close();
    await webhook.close();
  };
}
