// The media files an article uses (lead image and body images), so a publish can check they exist.

import type { ArticleRecord } from "./record.ts";

export interface MediaReference {
  /** Where the article names the file: "image.media" or "body". */
  field: string;
  name: string;
}

/** Each media file the article shows, once, in order of appearance. */
export function mediaReferences(record: ArticleRecord): MediaReference[] {
  const refs: MediaReference[] = [];
  if (record.article.image) refs.push({ field: "image.media", name: record.article.image.media });
  for (const match of record.bodyHtml.matchAll(/<img src="\/media\/([^"]+)"/g)) {
    const name = match[1];
    if (name && !refs.some((r) => r.name === name)) refs.push({ field: "body", name });
  }
  return refs;
}
