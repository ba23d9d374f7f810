import { describe, expect, it } from "vitest";
import { escapeHtml, html, raw } from "../../src/render/html.ts";

describe("html template", () => {
  it("escapes every interpolated string", () => {
    const hostile = `<script>"x" & 'y'</script>`;
    expect(html`<p title="${hostile}">${hostile}</p>`.value).toBe(
      '<p title="&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;">&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;</p>',
    );
  });

  it("passes nested templates and raw() through unescaped, and renders lists and empty values", () => {
    const inner = html`<b>${"a&b"}</b>`;
    expect(html`<div>${inner}${raw("<i>ok</i>")}${["<", ">"]}${null}${undefined}${false}${3}</div>`.value).toBe("<div><b>a&amp;b</b><i>ok</i>&lt;&gt;3</div>");
  });

  it("does not treat look-alike objects as safe markup", () => {
    const fake = { value: "<script>", toString: () => "<script>" } as unknown as string;
    expect(html`${fake}`.value).not.toContain("<script>");
    expect(escapeHtml("plain")).toBe("plain");
  });
});
