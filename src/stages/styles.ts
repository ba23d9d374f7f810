// The page stylesheets as the Content-Security-Policy names them: computed once per isolate.

import { stylesheetHash } from "../http/headers.ts";
import { STYLESHEET } from "../render/styles.ts";

let sources: Promise<string> | undefined;

/** "'sha256-…'" for every inline stylesheet a page may carry. */
export function styleSources(): Promise<string> {
  sources ??= Promise.all([STYLESHEET].map(stylesheetHash)).then((hashes) => hashes.join(" "));
  return sources;
}
