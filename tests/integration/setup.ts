// Before each workerd test file: load the seed through the single writer, as `npm run seed` does.

import { beforeAll } from "vitest";
import { loadSeed } from "../support/worker.ts";

beforeAll(loadSeed);
