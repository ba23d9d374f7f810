// Test helpers for XML: a strict XML 1.0 parser (saxes, namespace-aware) that throws on the first
// well-formedness error, and a tree parser (fast-xml-parser) for asserting content.

import { XMLParser, XMLValidator } from "fast-xml-parser";
import { SaxesParser } from "saxes";

/** Throws unless `text` is a well-formed, namespace-well-formed XML 1.0 document. */
export function assertWellFormed(text: string): void {
  new SaxesParser({ xmlns: true }).write(text).close();
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`XMLValidator: ${valid.err.msg} at line ${valid.err.line}`);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => ["url", "sitemap", "image:image"].includes(name),
});

/** The document as nested objects: attributes as "@name", repeated sitemap entries always as arrays. */
export function parseXml(text: string): Record<string, unknown> {
  assertWellFormed(text);
  return parser.parse(text) as Record<string, unknown>;
}
