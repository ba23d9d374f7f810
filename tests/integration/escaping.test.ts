// Hostile text in every field is shown as text, never as markup.

import { describe, expect, it } from "vitest";
import { articleInput, elements, publish, visit } from "../support/worker.ts";

const HOSTILE = `<script>alert(1)</script>"'><img src=x onerror=alert(2)>&amp;</title></style>`;

describe("escaping", () => {
  it("escapes hostile text in every article field on the article page and in listings", async () => {
    await publish(
      "hostile-fields",
      articleInput({
        section: "science",
        published: "2026-11-25T12:00:00Z",
        headline: `Headline ${HOSTILE}`,
        standfirst: `Standfirst ${HOSTILE}`,
        tags: ["climate"],
        image: { media: "harbour-flood-wall.svg", alt: `Alt ${HOSTILE}`, caption: `Caption ${HOSTILE}`, credit: `Credit ${HOSTILE}`, width: 1200, height: 675 },
        body: `Body ${HOSTILE}\n\n[click](javascript:alert(3)) [data](data:text/html,<script>alert(4)</script>) <a href="x" onclick="alert(5)">raw</a>\n\n<iframe src="https://evil.example"></iframe>`,
      }),
    );
    for (const path of ["/articles/hostile-fields", "/section/science", "/tag/climate", "/"]) {
      const res = await visit(path);
      expect(res.status, path).toBe(200);
      const page = await res.text();
      // The story is there (its headline; its link on listings), and nothing in it is markup.
      expect(page, path).toContain("Headline &lt;script&gt;");
      if (path !== "/articles/hostile-fields") expect(page, path).toContain('href="/articles/hostile-fields"');
      const parsed = await elements(page);
      // The only scripts are JSON-LD data blocks, which browsers never execute.
      const scripts = parsed.filter((e) => e.tag === "script");
      expect(
        scripts.every((e) => e.attributes.some(([n, v]) => n === "type" && v === "application/ld+json")),
        path,
      ).toBe(true);
      expect(
        parsed.filter((e) => e.tag === "iframe"),
        path,
      ).toEqual([]);
      expect(
        parsed.flatMap((e) => e.attributes.filter(([name]) => name.startsWith("on"))),
        path,
      ).toEqual([]);
      expect(
        parsed.flatMap((e) => e.attributes.filter(([name, value]) => (name === "href" || name === "src") && /^\s*(javascript|data):/i.test(value))),
        path,
      ).toEqual([]);
      expect(
        parsed.filter((e) => e.tag === "img").map((e) => e.attributes.find(([n]) => n === "src")?.[1]),
        path,
      ).not.toContain("x");
      expect(parsed.filter((e) => e.tag === "title")).toHaveLength(1);
    }
    const article = await (await visit("/articles/hostile-fields")).text();
    expect(article).toContain(
      "Headline &lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x onerror=alert(2)&gt;&amp;amp;&lt;/title&gt;&lt;/style&gt;",
    );
    expect(article).toContain('alt="Alt &lt;script&gt;');
    expect(article).toContain("Caption &lt;script&gt;");
    expect(article).toContain("Credit &lt;script&gt;");
    expect(article).toContain("&lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;");
  });

  it("escapes a hostile path echoed nowhere: the 404 page does not reflect the request", async () => {
    const res = await visit("/%3Cscript%3Ereflected-probe%3C/script%3E");
    expect(res.status).toBe(404);
    const page = await res.text();
    expect(page).toContain("We could not find that page");
    expect(page).not.toContain("reflected-probe");
  });
});
