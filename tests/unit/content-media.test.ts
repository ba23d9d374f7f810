// Media files before they are stored (src/content/media.ts): the type a name is served as, the bytes
// matching it, the size limit, and an SVG free of script and outside references.

import { describe, expect, it } from "vitest";
import { MEDIA_MAX_BYTES, MEDIA_TYPES, checkMedia, mediaTypeOf } from "../../src/content/media.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const withHeader = (header: number[], length = 32) => {
  const out = new Uint8Array(length);
  out.set(header);
  return out;
};
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

const PNG = withHeader([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = withHeader([0xff, 0xd8, 0xff, 0xe0]);
const WEBP = withHeader([...ascii("RIFF"), 1, 2, 3, 4, ...ascii("WEBP")]);
const AVIF = withHeader([0, 0, 0, 0x20, ...ascii("ftypavif")]);
const AVIS = withHeader([0, 0, 0, 0x20, ...ascii("ftypavis")]);

describe("mediaTypeOf", () => {
  it("serves each allowed extension as its type", () => {
    expect(MEDIA_TYPES).toEqual({ svg: "image/svg+xml", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", webp: "image/webp", avif: "image/avif" });
    expect(mediaTypeOf("a.svg")).toBe("image/svg+xml");
    expect(mediaTypeOf("a-b.jpeg")).toBe("image/jpeg");
    expect(mediaTypeOf("a.webp")).toBe("image/webp");
  });

  it("has no type for a name that is not allowed", () => {
    for (const name of ["a.gif", "A.png", "a", "a.png.exe"]) expect(mediaTypeOf(name), name).toBeUndefined();
  });
});

describe("checkMedia: raster files", () => {
  it("accepts each type whose first bytes match", () => {
    expect(checkMedia("a.png", PNG)).toEqual([]);
    expect(checkMedia("a.jpg", JPEG)).toEqual([]);
    expect(checkMedia("a.jpeg", JPEG)).toEqual([]);
    expect(checkMedia("a.webp", WEBP)).toEqual([]);
    expect(checkMedia("a.avif", AVIF)).toEqual([]);
    expect(checkMedia("a.avif", AVIS)).toEqual([]);
  });

  it("refuses bytes of another type behind the name, saying so", () => {
    const wrong = (type: string) => [{ field: "body", code: "wrong_file_type", message: `is not a ${type} file (its first bytes do not match)` }];
    expect(checkMedia("a.png", JPEG)).toEqual(wrong("image/png"));
    expect(checkMedia("a.jpg", PNG)).toEqual(wrong("image/jpeg"));
    expect(checkMedia("a.webp", PNG)).toEqual(wrong("image/webp"));
    expect(checkMedia("a.avif", PNG)).toEqual(wrong("image/avif"));
    // Half a signature is no signature.
    expect(checkMedia("a.png", withHeader([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0b]))).toEqual(wrong("image/png"));
    expect(checkMedia("a.jpg", withHeader([0xff, 0xd8, 0xfe]))).toEqual(wrong("image/jpeg"));
    expect(checkMedia("a.webp", withHeader([...ascii("RIFF"), 1, 2, 3, 4, ...ascii("WAVE")]))).toEqual(wrong("image/webp"));
    expect(checkMedia("a.webp", withHeader([...ascii("RIFX"), 1, 2, 3, 4, ...ascii("WEBP")]))).toEqual(wrong("image/webp"));
    expect(checkMedia("a.avif", withHeader([0, 0, 0, 0x20, ...ascii("ftypheic")]))).toEqual(wrong("image/avif"));
    expect(checkMedia("a.avif", withHeader([0, 0, 0, 0x20, ...ascii("ftipavif")]))).toEqual(wrong("image/avif"));
    expect(checkMedia("a.png", new Uint8Array([0x89, 0x50]))).toEqual(wrong("image/png"));
  });

  it("names a bad name before anything else", () => {
    expect(checkMedia("Bad Name.png", new Uint8Array(), "text/html")).toEqual([
      {
        field: "name",
        code: "invalid_media_name",
        message: '"Bad Name.png": use lower-case letters a-z, digits and hyphens, then .svg, .png, .jpg, .jpeg, .webp or .avif',
      },
    ]);
  });

  it("checks the declared type, ignoring parameters and case", () => {
    expect(checkMedia("a.png", PNG, "image/png")).toEqual([]);
    expect(checkMedia("a.png", PNG, " IMAGE/PNG ; charset=binary")).toEqual([]);
    expect(checkMedia("a.png", PNG, "image/jpeg")).toEqual([
      { field: "Content-Type", code: "wrong_content_type", message: 'is "image/jpeg" but a file named a.png must be sent as image/png' },
    ]);
    expect(checkMedia("a.png", PNG, "")).toMatchObject([{ code: "wrong_content_type" }]);
  });

  it("refuses an empty file and one over 5 MiB, and stops there", () => {
    expect(MEDIA_MAX_BYTES).toBe(5 * 1024 * 1024);
    expect(checkMedia("a.png", new Uint8Array())).toEqual([{ field: "body", code: "empty", message: "is empty" }]);
    const big = withHeader([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], MEDIA_MAX_BYTES + 1);
    expect(checkMedia("a.png", big, "image/gif")).toEqual([
      { field: "Content-Type", code: "wrong_content_type", message: 'is "image/gif" but a file named a.png must be sent as image/png' },
      { field: "body", code: "too_large", message: "is 5242881 bytes; the limit is 5242880 (5 MiB)" },
    ]);
    expect(checkMedia("a.png", withHeader([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], MEDIA_MAX_BYTES))).toEqual([]);
    // A wrong declared type alone also stops the content checks.
    expect(checkMedia("a.png", JPEG, "image/jpeg")).toEqual([{ field: "Content-Type", code: "wrong_content_type", message: expect.any(String) }]);
  });
});

describe("checkMedia: SVG", () => {
  const svg = (text: string) => checkMedia("a.svg", bytes(text));
  const unsafe = (text: string) =>
    svg(text)
      .filter((p) => p.code === "unsafe_svg")
      .map((p) => p.message);

  it("accepts a plain SVG, with an XML declaration and comments before it", () => {
    expect(svg('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')).toEqual([]);
    expect(svg('  <?xml version="1.0"?>\n<!-- a -->\n<!-- b -->\n<svg>\n</svg>')).toEqual([]);
    expect(svg('<SVG viewBox="0 0 1 1"></SVG>')).toEqual([]);
    expect(svg('<?xml version="1.0"?><!--a--><svg></svg>')).toEqual([]);
    expect(svg('<svg><use href="#a"/><a href="#top">x</a><rect fill="url(#g)"/></svg>')).toEqual([]);
  });

  it("refuses what does not start as an SVG", () => {
    const notSvg = { field: "body", code: "not_svg", message: "is not an SVG document (it must start with <svg>)" };
    expect(svg("<html></html>")).toEqual([notSvg]);
    expect(svg("<svgx></svgx>")).toEqual([notSvg]);
    expect(svg("hello <svg></svg>")).toEqual([notSvg]);
    expect(svg("<?xml?>text<svg></svg>")).toEqual([notSvg]);
  });

  it("names each kind of active or outside content", () => {
    expect(unsafe("<svg><script>x()</script></svg>")).toEqual(["SVG contains a <script> element; remove it and upload again"]);
    expect(unsafe("<svg><svg:script>x()</svg:script></svg>")).toEqual(["SVG contains a <script> element; remove it and upload again"]);
    expect(unsafe("<svg>< SCRIPT>x()</svg>")).toEqual(["SVG contains a <script> element; remove it and upload again"]);
    expect(unsafe('<svg onload="x()"></svg>')).toEqual(["SVG contains an event-handler attribute (on...=); remove it and upload again"]);
    expect(unsafe('<svg/onload="x()"></svg>')).toEqual(["SVG contains an event-handler attribute (on...=); remove it and upload again"]);
    expect(unsafe("<svg><rect x:onclick ='x()'/></svg>")).toEqual(["SVG contains an event-handler attribute (on...=); remove it and upload again"]);
    for (const element of [
      "foreignObject",
      "iframe",
      "embed",
      "object",
      "audio",
      "video",
      "animate",
      "animateTransform",
      "set",
      "handler",
      "listener",
      "discard",
    ])
      expect(unsafe(`<svg><${element}></${element}></svg>`), element).toEqual([
        "SVG contains an element that can run or load content; remove it and upload again",
      ]);
    expect(unsafe("<svg><x:iframe/></svg>")).toEqual(["SVG contains an element that can run or load content; remove it and upload again"]);
    expect(unsafe('<svg><image href="https://t.example/p.png"/></svg>')).toEqual([
      "SVG links to another file or address (only #fragment references are allowed); remove it and upload again",
    ]);
    expect(unsafe("<svg><image src = other.png /></svg>")).toEqual([
      "SVG links to another file or address (only #fragment references are allowed); remove it and upload again",
    ]);
    expect(unsafe('<svg><a xlink:href="javascript:x()">x</a></svg>')).toEqual([
      "SVG links to another file or address (only #fragment references are allowed); remove it and upload again",
      "SVG refers to a URL outside the file; remove it and upload again",
    ]);
    expect(unsafe("<svg><style>rect{fill:url( 'https://t.example/x')}</style></svg>")).toEqual([
      "SVG refers to a URL outside the file; remove it and upload again",
    ]);
    expect(unsafe("<svg><text>data:text/html,x</text></svg>")).toEqual(["SVG refers to a URL outside the file; remove it and upload again"]);
    expect(svg("<!DOCTYPE svg><svg></svg>")).toEqual([
      { field: "body", code: "not_svg", message: "is not an SVG document (it must start with <svg>)" },
      { field: "body", code: "unsafe_svg", message: "SVG declares a DOCTYPE or entities; remove it and upload again" },
    ]);
    expect(unsafe('<svg><!ENTITY x "y"></svg>')).toEqual(["SVG declares a DOCTYPE or entities; remove it and upload again"]);
    expect(unsafe("<svg><style>@import 'x.css';</style></svg>")).toEqual(["SVG imports a stylesheet; remove it and upload again"]);
  });

  it("does not take ordinary words and attributes for active content", () => {
    expect(svg('<svg><text>description="x" (monday)</text><g data-x="1" id="icon"/></svg>')).toEqual([]);
    expect(svg('<svg><rect transform="scale(2)"/><text>settings and objects</text></svg>')).toEqual([]);
  });
});
