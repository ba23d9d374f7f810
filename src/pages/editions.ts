// The daily editions: /editions lists the days; /editions/YYYY-MM-DD.html (and .epub) is every story of
// that day in one self-contained file. A closed day's file is the one the writer built; today's (or one
// not built yet) is made here from the same content the pages show.

import { urls } from "../content/urls.ts";
import { notFound } from "../http/errors.ts";
import { CACHE_CONTROL } from "../http/headers.ts";
import { type EditionImage, type EditionInput, isDayClosed, isEditionDay, picturesInOrder, renderEdition } from "../render/edition.ts";
import { EPUB_TYPE, renderEditionEpub } from "../render/epub.ts";
import { renderEditionsIndex } from "../render/pages/editions.ts";
import { readBlob } from "../store/blobs.ts";
import { type EditionBlob, type EditionIndex, listing } from "../store/format.ts";
import { getMedia } from "../store/media.ts";
import type { Snapshot } from "../store/snapshot.ts";
import type { PageContext, PageRequest } from "../stages/context.ts";
import { htmlPage, throughCache } from "./cached.ts";

export function editionsIndex(_request: PageRequest, ctx: PageContext): Promise<Response> {
  return htmlPage(ctx, urls.editions(), async (chrome, content) =>
    renderEditionsIndex(
      chrome,
      (await content.days()).filter((d) => d.stories > 0).map((d) => ({ day: d.day, stories: d.stories })),
      { epub: true },
    ),
  );
}

/** Today's edition, or one the writer has not built yet, from the content readers see now. */
async function editionInput(ctx: PageContext, content: Snapshot, day: string): Promise<EditionInput | undefined> {
  const summaries = await content.all(listing.day(day), 500);
  const records = (await Promise.all(summaries.map((s) => content.article(s.slug)))).filter((r) => r !== null);
  if (records.length === 0) return undefined;
  const images = new Map<string, EditionImage>();
  for (const name of picturesInOrder(records)) {
    const media = await getMedia(ctx.kv, name);
    if (media) images.set(name, { type: media.metadata.contentType, bytes: new Uint8Array(media.body) });
  }
  const { view } = ctx;
  return {
    site: view.site,
    day,
    stories: records.reverse(),
    images,
    origin: view.canonicalOrigin,
    addresses: view.mirrors.map((m) => ({ label: m.label, url: m.stayUrl })),
    now: ctx.started,
  };
}

const FILE = /^(\d{4}-\d{2}-\d{2})\.(html|epub)$/;

export function editionFile(request: PageRequest, ctx: PageContext): Promise<Response> {
  const [, day = "", format] = FILE.exec(request.params.file ?? "") ?? [];
  if (!format || !isEditionDay(day) || day > new Date(ctx.started).toISOString().slice(0, 10)) throw notFound("There is no edition for that day.");
  const closed = isDayClosed(day, ctx.started);
  return throughCache(ctx, urls.edition(day).replace(/html$/, format), async (content) => {
    const built = closed && ctx.view.extras.editions ? (await content.extra<EditionIndex>(ctx.view.extras.editions))[day] : undefined;
    const prebuilt = built ? await readBlob<EditionBlob>(ctx.kv, built.h) : undefined;
    let body: string | Uint8Array;
    if (prebuilt && (format === "html" || prebuilt.epub)) {
      body = format === "html" ? prebuilt.html : Uint8Array.from(atob(prebuilt.epub ?? ""), (c) => c.charCodeAt(0));
    } else {
      const input = await editionInput(ctx, content, day);
      if (!input) throw notFound("No story was published that day.");
      body = format === "html" ? renderEdition(input).html : renderEditionEpub(input).bytes;
    }
    const name = `${ctx.view.site.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${day}.${format}`;
    return new Response(body, {
      headers: {
        "Content-Type": format === "html" ? "text/html; charset=utf-8" : EPUB_TYPE,
        "Content-Disposition": `attachment; filename="${name}"`,
        // A closed day changes only when a story of it is corrected or withdrawn.
        "Cache-Control": closed ? CACHE_CONTROL.feed : CACHE_CONTROL.page,
      },
    });
  });
}
