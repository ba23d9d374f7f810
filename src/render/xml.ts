// The one way XML is built (RSS, Atom, sitemaps): a tagged template that escapes every interpolated
// value and drops the characters XML 1.0 forbids, so no stored text can make a document ill-formed.

const SAFE = Symbol("SafeXml");

/** A string of XML that is known to be well-formed to place in a document as is. */
export interface SafeXml {
  readonly [SAFE]: true;
  readonly value: string;
  toString(): string;
}

function safe(value: string): SafeXml {
  return { [SAFE]: true, value, toString: () => value };
}

function isSafe(value: unknown): value is SafeXml {
  return typeof value === "object" && value !== null && SAFE in value;
}

/**
 * Characters no XML 1.0 document may contain, even escaped: C0 controls other than tab, newline and
 * carriage return, U+FFFE and U+FFFF, and UTF-16 surrogates without their other half.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes the characters XML 1.0 forbids; everything else (right-to-left text, emoji) is kept. */
export function xmlChars(text: string): string {
  return text.replace(FORBIDDEN, "");
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  // ">" too, so "]]>" in text can never be read as the end of a CDATA section.
  ">": "&gt;",
  // Attribute values are always written in double quotes, so "'" needs no escape.
  '"': "&quot;",
  // A parser turns a literal carriage return into a newline; written as a reference it reads back as itself.
  "\r": "&#13;",
};

/** Escapes text for element content and quoted attribute values, dropping forbidden characters. */
export function escapeXml(text: string): string {
  return xmlChars(text).replace(/[&<>"\r]/g, (c) => ESCAPES[c] ?? c);
}

/** A value the template accepts: text (escaped), numbers, safe XML, lists of those; nothing renders as "". */
export type XmlValue = string | number | SafeXml | null | undefined | false | readonly XmlValue[];

function render(value: XmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (typeof value === "string") return escapeXml(value);
  if (typeof value === "number") return String(value);
  if (isSafe(value)) return value.value;
  return value.map(render).join("");
}

/**
 * Builds XML; every interpolated value is escaped unless it is already SafeXml. Markup (an article's
 * HTML body) placed in an element is escaped as text, which is what RSS and Atom expect.
 * @example xml`<title>${headline}</title>` // "<title>A &amp; B</title>"
 */
export function xml(strings: TemplateStringsArray, ...values: XmlValue[]): SafeXml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? "");
  return safe(out);
}

/** The declaration every document starts with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';
