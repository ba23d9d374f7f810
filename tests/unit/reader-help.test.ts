// The plain-words help for readers on /mirrors: each way of reading appears only when the site offers it.

import { describe, expect, it } from "vitest";
import { renderMirrorsPage } from "../../src/render/pages/mirrors.ts";
import { readerHelp } from "../../src/render/reader-help.ts";
import { activeContent, elementTexts, parseErrors } from "../support/html.ts";
import { chrome, site } from "./seed-pages.ts";

describe("readerHelp", () => {
  it("explains other addresses and the lite edition always; email and daily editions when offered", () => {
    const bare = readerHelp(site).value;
    expect(bare).toContain("If this address stops working");
    expect(bare).toContain('<a href="?lite=1">lite edition</a>');
    expect(bare).not.toContain("mailto:");
    expect(bare).not.toContain("/editions");
    // Nothing stands in for the parts a site does not offer.
    expect(bare).toContain("the list here is always current.</p>");
    expect(bare).toMatch(/you get the lite edition without asking\.<\/p>\n\n\n<\/section>$/);
    const htmlOnly = readerHelp(site, { editions: true }).value;
    expect(htmlOnly).toContain('<a href="/editions">one file you can download</a>. Read it without a connection');

    const full = readerHelp(site, { emailAddress: "mirrors@meridian-courier.example", onion: "http://abc.onion/", editions: true, epub: true }).value;
    expect(full).toContain('<a href="mailto:mirrors@meridian-courier.example">mirrors@meridian-courier.example</a>');
    expect(full).toContain("at most once an hour");
    expect(full).toContain('<a href="/editions">one file you can download</a> (a web page, or an e-book)');
    expect(full).toContain("Tor Browser: http://abc.onion/");
  });

  it("goes on /mirrors when the page is given it, and the page stays clean", () => {
    const page = renderMirrorsPage(chrome, { help: { emailAddress: "mirrors@meridian-courier.example", editions: true } });
    expect(elementTexts(page, "h2")).toContain(`How to keep reading ${site.name}`);
    expect(parseErrors(page)).toEqual([]);
    expect(activeContent(page)).toEqual([]);
    expect(renderMirrorsPage(chrome)).not.toContain(`class="reader-help"`);
  });
});
