// JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the same entries as the XML feeds, as JSON.

import type { FeedDocument } from "./model.ts";

export function renderJsonFeed(feed: FeedDocument): string {
  const document = {
    version: "https://jsonfeed.org/version/1.1",
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.feedUrls.json,
    description: feed.description,
    language: feed.language,
    favicon: feed.iconUrl,
    ...(feed.logoUrl ? { icon: feed.logoUrl } : {}),
    items: feed.entries.map((e) => ({
      id: e.id,
      url: e.url,
      title: e.title,
      summary: e.summary,
      content_html: e.contentHtml,
      ...(e.image ? { image: e.image.url } : {}),
      date_published: e.published,
      date_modified: e.updated,
      authors: e.authors,
      tags: e.categories.map((c) => c.label),
      language: e.language,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
