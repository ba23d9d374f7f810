// RSS 2.0: the full body in content:encoded, authors as dc:creator, the lead image as an enclosure and
// as media:content (with its alt text and credit), the update time as atom:updated.

import { type SafeXml, XML_DECLARATION, xml } from "../xml.ts";
import type { FeedDocument, FeedEntry } from "./model.ts";

/** "Wed, 25 Nov 2026 08:30:00 GMT": RFC 822 with a four-digit year, as RSS readers expect. */
export function rfc822(iso: string): string {
  return new Date(Date.parse(iso)).toUTCString();
}

function item(entry: FeedEntry): SafeXml {
  const image = entry.image;
  return xml`<item>
<title>${entry.title}</title>
<link>${entry.url}</link>
<guid isPermaLink="false">${entry.id}</guid>
<pubDate>${rfc822(entry.published)}</pubDate>
<atom:updated>${entry.updated}</atom:updated>
${entry.authors.map((a) => xml`<dc:creator>${a.name}</dc:creator>\n`)}<dc:language>${entry.language}</dc:language>
${entry.categories.map((c) => xml`<category>${c.label}</category>\n`)}<description>${entry.summary}</description>
<content:encoded>${entry.contentHtml}</content:encoded>
${
  image
    ? xml`<enclosure url="${image.url}" type="${image.type}" length="0"/>
<media:content url="${image.url}" type="${image.type}" medium="image" width="${image.width}" height="${image.height}">
<media:description type="plain">${image.alt}</media:description>
${image.credit ? xml`<media:credit>${image.credit}</media:credit>\n` : ""}</media:content>
`
    : ""
}</item>
`;
}

/** The whole RSS document. An enclosure's length is 0 ("unknown", as the RSS Best Practices Profile advises). */
export function renderRss(feed: FeedDocument): string {
  return (
    XML_DECLARATION +
    xml`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
<title>${feed.title}</title>
<link>${feed.homeUrl}</link>
<description>${feed.description}</description>
<language>${feed.language}</language>
<lastBuildDate>${rfc822(feed.updated)}</lastBuildDate>
<atom:link href="${feed.feedUrls.rss}" rel="self" type="application/rss+xml"/>
${feed.entries.map(item)}</channel>
</rss>
`.value
  );
}
