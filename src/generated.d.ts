// The prebuilt Markdown renderer module (see scripts/build-renderer.mjs) has the types of its source.
declare module "*/generated/markdown-renderer.js" {
  export const renderMarkdown: typeof import("./content/markdown.ts").renderMarkdown;
}
