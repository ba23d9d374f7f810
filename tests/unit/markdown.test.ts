import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/content/markdown.ts";

describe("renderMarkdown", () => {
  it("escapes raw HTML instead of passing it through", () => {
    const { html } = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\nText <b onclick="x()">bold</b>');
    expect(html).not.toMatch(/<script|<img src=x|<b /);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("refuses javascript:, data: and vbscript: links but keeps http(s), mailto and site links", () => {
    const { html } = renderMarkdown(
      "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html,x) [d](vbscript:x) [e](https://example.org/) [f](mailto:desk@example.org) [g](/articles/x) [h](#notes)",
    );
    expect(html).not.toMatch(/href="(javascript|data|vbscript):/i);
    expect(html).toContain('<a href="https://example.org/">e</a>');
    expect(html).toContain('<a href="mailto:desk@example.org">f</a>');
    expect(html).toContain('<a href="/articles/x">g</a>');
    expect(html).toContain('<a href="#notes">h</a>');
  });

  it("allows only the site's own media as images, lazily loaded", () => {
    const good = renderMarkdown("![A chart](/media/port-volumes-chart.svg)");
    expect(good.problems).toEqual([]);
    expect(good.html).toContain('<img src="/media/port-volumes-chart.svg" alt="A chart" loading="lazy" decoding="async">');
    for (const src of ["https://tracker.example/pixel.png", "/media/../secret.svg", "/elsewhere/a.png"]) {
      const bad = renderMarkdown(`![x](${src})`);
      expect(
        bad.problems.map((p) => p.field),
        src,
      ).toEqual(["body"]);
      expect(bad.html).not.toContain("<img");
    }
    // Forbidden schemes never become images or links at all: the text stays as written.
    for (const src of ["data:image/png;base64,AAAA", "javascript:alert(1)"]) expect(renderMarkdown(`![x](${src})`).html).not.toContain("<img");
  });

  it("starts the body's headings at h2, keeping their order", () => {
    expect(renderMarkdown("# One\n\n## Two\n\n### Three").html).toBe("<h2>One</h2>\n<h3>Two</h3>\n<h4>Three</h4>\n");
    expect(renderMarkdown("### Only\n\n#### Lower").html).toBe("<h2>Only</h2>\n<h3>Lower</h3>\n");
  });

  it("counts words, including non-Latin scripts", () => {
    expect(renderMarkdown("One two *three*.\n\nمرحبا بالعالم").words).toBe(5);
  });
});
