// Readers' traffic for the edge simulation: every address of a site, and a realistic mix of page views
// over them (articles most, then the home page, listings, feeds, images, region redirects, sitemaps),
// popularity falling off as Zipf's law has it, so a few pages are most of the views.

import type { SiteConfig } from "../../src/content/site.ts";
import { FEED_FILES } from "../../src/content/urls.ts";
import { dayOf } from "../../src/store/format.ts";
import type { Probe } from "./observe.ts";
import type { Random } from "./random.ts";
import { SERVED_READERS } from "./surfaces.ts";

export interface SiteContent {
  site: SiteConfig;
  articles: { slug: string; tags: readonly string[]; published: number }[];
  media: readonly string[];
}

export type AddressKind = "article" | "home" | "listing" | "feed" | "media" | "sitemap" | "other";

export interface Address {
  path: string;
  kind: AddressKind;
}

/** Every address a reader can ask for. */
export function siteAddresses(content: SiteContent): Address[] {
  const { site } = content;
  const feeds = (base: string): Address[] => Object.values(FEED_FILES).map((file) => ({ path: `${base}/${file}`, kind: "feed" }));
  const tags = [...new Set(content.articles.flatMap((a) => a.tags))];
  const days = [...new Set(content.articles.map((a) => dayOf(a.published)))];
  return [
    { path: "/", kind: "home" },
    { path: "/page/2", kind: "listing" },
    ...feeds(""),
    ...site.sections.flatMap((s) => [{ path: `/section/${s.slug}`, kind: "listing" as const }, ...feeds(`/section/${s.slug}`)]),
    ...tags.flatMap((t) => [{ path: `/tag/${t}`, kind: "listing" as const }, ...feeds(`/tag/${t}`)]),
    ...site.authors.map((a) => ({ path: `/author/${a.slug}`, kind: "listing" as const })),
    ...content.articles.map((a) => ({ path: `/articles/${a.slug}`, kind: "article" as const })),
    ...content.media.map((m) => ({ path: `/media/${m}`, kind: "media" as const })),
    ...days.map((d) => ({ path: `/sitemaps/articles-${d}.xml`, kind: "sitemap" as const })),
    ...["/sitemap.xml", "/sitemaps/pages.xml", "/sitemaps/news.xml", "/robots.txt"].map((path) => ({ path, kind: "sitemap" as const })),
    ...["/mirrors", "/.well-known/mirrors.json", "/favicon.svg", "/no-such-page"].map((path) => ({ path, kind: "other" as const })),
  ];
}

/** The share of page views by kind of address; the rest of a kind's share goes by popularity. */
export const VIEW_MIX: Record<AddressKind | "redirect", number> = {
  article: 0.5,
  home: 0.12,
  listing: 0.1,
  feed: 0.1,
  media: 0.1,
  redirect: 0.04,
  sitemap: 0.02,
  other: 0.02,
};

/** Zipf's law with exponent s over n ranks: the chance of rank i is proportional to 1 / i^s. */
export class Zipf {
  readonly #cumulative: number[];

  constructor(n: number, s = 1) {
    let sum = 0;
    this.#cumulative = Array.from({ length: n }, (_, i) => (sum += 1 / (i + 1) ** s));
    for (let i = 0; i < n; i++) this.#cumulative[i] = (this.#cumulative[i] as number) / sum;
  }

  draw(random: Random): number {
    const u = random.next();
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#cumulative[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** A page view drawer: kind by VIEW_MIX, then an address of that kind by popularity (a fixed random ranking). */
export function pageViews(addresses: readonly Address[], random: Random, exponent = 1): (random: Random) => Probe<AddressKind | "redirect"> {
  const byKind = new Map<AddressKind, { ranked: Address[]; zipf: Zipf }>();
  for (const kind of Object.keys(VIEW_MIX) as (AddressKind | "redirect")[]) {
    if (kind === "redirect") continue;
    const ranked = random.shuffle(addresses.filter((a) => a.kind === kind));
    if (ranked.length > 0) byKind.set(kind, { ranked, zipf: new Zipf(ranked.length, exponent) });
  }
  const kinds = Object.entries(VIEW_MIX) as [AddressKind | "redirect", number][];
  return (r) => {
    let u = r.next();
    let kind: AddressKind | "redirect" = "article";
    for (const [k, share] of kinds) {
      if (u < share) {
        kind = k;
        break;
      }
      u -= share;
    }
    if (kind === "redirect") {
      // A reader in a blocked country asking the main host: the region redirect, no page read.
      const page = byKind.get("article");
      const path = page ? (page.ranked[page.zipf.draw(r)] as Address).path : "/";
      return { spec: { url: `https://www.meridian-courier.example${path}`, country: r.pick(["CN", "IR", "RU"]) }, meta: kind };
    }
    const pick = byKind.get(kind) ?? byKind.get("article");
    if (!pick) throw new Error("no addresses");
    const address = pick.ranked[pick.zipf.draw(r)] as Address;
    const reader = r.pick(SERVED_READERS);
    return { spec: { url: `https://${reader.host}${address.path}`, country: reader.country }, meta: address.kind };
  };
}
