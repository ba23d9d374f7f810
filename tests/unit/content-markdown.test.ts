// Article bodies (src/content/markdown.ts): the HTML readers get for links, pictures and headings, the
// problem an outside picture raises, and the word count.

import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/content/markdown.ts";

describe("links", () => {
  it("keeps http, https and mailto in any case, and links without a scheme", () => {
    expect(renderMarkdown("[a](HTTPS://example.org/) [b](Http://example.org/) [c](MAILTO:x@example.org) [d](/x) [e](x:y)").html).toBe(
      '<p><a href="HTTPS://example.org/">a</a> <a href="Http://example.org/">b</a> <a href="MAILTO:x@example.org">c</a> <a href="/x">d</a> [e](x:y)</p>\n',
    );
  });

  it("refuses any other scheme, even with spaces before it", () => {
    expect(renderMarkdown("[a](<  ftp://example.org/>) [b](tel:123) [c](a+b.c-d:x)").html).toBe(
      "<p>[a](&lt;  ftp://example.org/&gt;) [b](tel:123) [c](a+b.c-d:x)</p>\n",
    );
    expect(renderMarkdown("[a](2http:x)").html).toBe('<p><a href="2http:x">a</a></p>\n');
  });
});

describe("pictures", () => {
  it("shows the site's media with escaped alt text, counting each file once in order", () => {
    const body = renderMarkdown('![A "big" <chart>](/media/b.svg) ![*Plain* alt](/media/a.png)\n\n![again](/media/b.svg)');
    expect(body.html).toBe(
      '<p><img src="/media/b.svg" alt="A &quot;big&quot; &lt;chart&gt;" loading="lazy" decoding="async"> <img src="/media/a.png" alt="Plain alt" loading="lazy" decoding="async"></p>\n' +
        '<p><img src="/media/b.svg" alt="again" loading="lazy" decoding="async"></p>\n',
    );
    expect(body.media).toEqual(["b.svg", "a.png"]);
    expect(body.problems).toEqual([]);
  });

  it("names a picture from elsewhere as a problem and leaves it out", () => {
    const body = renderMarkdown("Text ![x](https://t.example/p.png) and ![y](/media/Bad.png) and ![z](media/a.png)");
    expect(body.html).toBe("<p>Text  and  and </p>\n");
    expect(renderMarkdown("![p](/photo/a.png)").problems.map((p) => p.code)).toEqual(["image_not_media"]);
    expect(body.media).toEqual([]);
    expect(body.problems).toEqual([
      { field: "body", code: "image_not_media", message: 'image "https://t.example/p.png" must be one of this site\'s media files, written as /media/<name>' },
      { field: "body", code: "image_not_media", message: 'image "/media/Bad.png" must be one of this site\'s media files, written as /media/<name>' },
      { field: "body", code: "image_not_media", message: 'image "media/a.png" must be one of this site\'s media files, written as /media/<name>' },
    ]);
  });
});

describe("headings", () => {
  it("moves the highest heading to h2 and the rest with it, never past h6", () => {
    expect(renderMarkdown("## A\n\n###### B").html).toBe("<h2>A</h2>\n<h6>B</h6>\n");
    expect(renderMarkdown("# A\n\n###### B").html).toBe("<h2>A</h2>\n<h6>B</h6>\n");
    expect(renderMarkdown("#### A\n\n## B").html).toBe("<h4>A</h4>\n<h2>B</h2>\n");
    expect(renderMarkdown("Setext\n======\n\nText").html).toBe("<h2>Setext</h2>\n<p>Text</p>\n");
    expect(renderMarkdown("Just text").html).toBe("<p>Just text</p>\n");
  });
});

describe("words", () => {
  it("counts letters and digits with inner apostrophes and hyphens as one word", () => {
    expect(renderMarkdown("It's a well-known 2026 fact’s end - really").words).toBe(7);
    expect(renderMarkdown("# Head line\n\n- one\n- two").words).toBe(4);
    expect(renderMarkdown("").words).toBe(0);
    expect(renderMarkdown("... --- !!!").words).toBe(0);
    expect(renderMarkdown("日本語 テキスト").words).toBe(2);
    // Code is not prose: a fenced or indented block counts for nothing.
    expect(renderMarkdown("Two words\n\n```\nconst a = b;\n```\n\n    indented code here").words).toBe(2);
  });
});
