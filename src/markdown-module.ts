// Loads the Markdown renderer only when something is published: it is a separate module
// (src/generated/markdown-renderer.js, built by scripts/build-renderer.mjs), so page requests never
// load markdown-it and the Worker's main bundle stays small. This file sits next to src/index.ts
// because the import path must be the same in the source tree and in the deployed Worker.

import type { MarkdownRenderer } from "./content/record.ts";

let renderer: Promise<MarkdownRenderer> | undefined;

export function markdownRenderer(): Promise<MarkdownRenderer> {
  renderer ??= import("./generated/markdown-renderer.js").then((m) => m.renderMarkdown);
  return renderer;
}
