// Loads the write road (the publishing API, the writer, reach passes, the email answerer, the Markdown
// renderer) only where it is used: it is a module of its own (src/generated/write-road.js, built from
// src/write-road.ts by scripts/build-generated.mjs), so page requests never load or parse it. This file
// sits next to src/index.ts because the import path must be the same in the source and the deployed Worker.

type WriteRoad = typeof import("./generated/write-road.js");

let road: Promise<WriteRoad> | undefined;

export function writeRoad(): Promise<WriteRoad> {
  road ??= import("./generated/write-road.js");
  return road;
}
