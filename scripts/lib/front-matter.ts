// Markdown files with YAML front matter: the format of kv-seed/articles/*.md.

import { parse } from "yaml";

export interface ParsedFile {
  fields: Record<string, unknown>;
  body: string;
}

/** Splits "---\nyaml\n---\nmarkdown" and parses the YAML (1.2 core schema: dates stay strings). */
export function parseFrontMatter(text: string): ParsedFile | { error: string } {
  const source = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const match = /^---\n([\s\S]*?)\n---(?:\n|$)([\s\S]*)$/.exec(source);
  if (!match) return { error: "must start with front matter between two lines of ---" };
  let fields: unknown;
  try {
    fields = parse(match[1] ?? "", { schema: "core", uniqueKeys: true });
  } catch (error) {
    return { error: `front matter is not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` };
  }
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) return { error: "front matter must be a set of fields (key: value)" };
  if ("body" in fields) return { error: "front matter must not have a body field; the Markdown after the second --- is the body" };
  return { fields: fields as Record<string, unknown>, body: (match[2] ?? "").replace(/^\n+/, "") };
}

/** The article as the API takes it: the front matter fields plus the body. */
export function articleInput(parsed: ParsedFile): Record<string, unknown> {
  return { ...parsed.fields, body: parsed.body };
}
