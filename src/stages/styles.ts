// The page stylesheets as the Content-Security-Policy names them: computed once per isolate.

import { stylesheetHash } from "../http/headers.ts";
import { LITE_STYLESHEET, STYLESHEET } from "../render/styles.ts";

let sources: Promise<string> | undefined;

/** "'sha256-…'" for every inline stylesheet a page may carry. */
export function styleSources(): Promise<string> {
  sources ??= Promise.all([STYLESHEET, LITE_STYLESHEET].map(stylesheetHash)).then((hashes) => hashes.join(" "));
  return sources;
}
