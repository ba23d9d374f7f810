// Before each integration test file: load the seed content into the Worker's KV.

import { env } from "cloudflare:workers";
import { beforeAll, inject } from "vitest";
import { forgetConfig } from "../../src/store/config.ts";

export async function loadSeed(): Promise<void> {
  await Promise.all(
    inject("seedEntries").map((e) =>
      env.CONTENT.put(
        e.key,
        e.base64 ? Uint8Array.from(atob(e.value), (c) => c.charCodeAt(0)) : e.value,
        e.metadata === undefined ? {} : { metadata: e.metadata },
      ),
    ),
  );
  forgetConfig();
}

beforeAll(loadSeed);
