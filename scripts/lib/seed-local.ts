// Seeding a local site: validate the content folder, then send it through the site's own import API,
// the same single writer a deployed site uses.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ApiClient, tokenFromDevVars } from "./api-client.ts";
import { type ContentFolder, loadContentFolder } from "./content-folder.ts";
import { type SeedReport, sendSeed } from "./seed-client.ts";

export const KV_SEED = join(import.meta.dirname, "../../kv-seed");

/** The content folder, or every problem in it, compiler-style. */
export async function validContent(dir = KV_SEED, onProgress?: (done: number, total: number) => void): Promise<ContentFolder> {
  const content = await loadContentFolder(dir, onProgress);
  if (content.problems.length > 0) {
    throw new Error(
      `${content.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`).join("\n")}\n\n${content.problems.length} problem(s); nothing was written.`,
    );
  }
  return content;
}

/** The local token: ADMIN_TOKEN from .dev.vars. */
export async function localToken(root = join(import.meta.dirname, "../..")): Promise<string> {
  const token = tokenFromDevVars(await readFile(join(root, ".dev.vars"), "utf8").catch(() => ""));
  if (!token) throw new Error("No ADMIN_TOKEN in .dev.vars: run `npm start` once (it creates one).");
  return token;
}

/** Seeds the local site listening on `port`. */
export async function seedLocal(
  port: number,
  content: ContentFolder,
  options: { token: string; force?: boolean; progress?: (line: string) => void },
): Promise<SeedReport> {
  const client = new ApiClient(new URL(`http://127.0.0.1:${port}/`), options.token, options.progress);
  return sendSeed(client, content, { ...(options.force ? { force: true } : {}), ...(options.progress ? { progress: options.progress } : {}) });
}
