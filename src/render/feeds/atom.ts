// Atom 1.0: tag: URI ids, the body as type="html" content, authors with their pages, categories with
// labels, the lead image as an enclosure link, and each entry's own language.

import { type SafeXml, XML_DECLARATION, xml } from "../xml.ts";
import type { FeedDocument, FeedEntry } from "./model.ts";

function entry(e: FeedEntry): SafeXml {
  return xml`<entry xml:lang="${e.language}">
<id>${e.id}</id>
<title type="text">${e.title}</title>
<link rel="alternate" type="text/html" href="${e.url}"/>
<published>${e.published}</published>
<updated>${e.updated}</updated>
${e.authors.map((a) => xml`<author><name>${a.name}</name><uri>${a.url}</uri></author>\n`)}${e.categories.map((c) => xml`<category term="${c.term}" label="${c.label}"/>\n`)}<summary type="text">${e.summary}</summary>
<content type="html">${e.contentHtml}</content>
${e.image ? xml`<link rel="enclosure" type="${e.image.type}" href="${e.image.url}" title="${e.image.alt}"/>\n` : ""}</entry>
`;
}

export function renderAtom(feed: FeedDocument): string {
  return (
    XML_DECLARATION +
    xml`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${feed.language}">
<id>${feed.id}</id>
<title type="text">${feed.title}</title>
<subtitle type="text">${feed.description}</subtitle>
<updated>${feed.updated}</updated>
<link rel="self" type="application/atom+xml" href="${feed.feedUrls.atom}"/>
<link rel="alternate" type="text/html" href="${feed.homeUrl}"/>
<icon>${feed.iconUrl}</icon>
${feed.logoUrl ? xml`<logo>${feed.logoUrl}</logo>\n` : ""}${feed.entries.map(entry)}</feed>
`.value
  );
}
