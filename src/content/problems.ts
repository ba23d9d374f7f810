// Validation results shared by the article model, the site config and the domain policy.

/** One thing wrong with an input, named by its field path ("image.alt", "rules[2].hosts[0]"). */
export interface Problem {
  field: string;
  /** Stable and machine-readable ("required", "too_long", "invalid_slug"); the message may be reworded. */
  code: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** A plain object (parsed JSON or YAML), as opposed to an array, null or a primitive. */
export type Fields = Record<string, unknown>;

export function isFields(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "image" + "alt" → "image.alt"; "" + "alt" → "alt". */
export function fieldPath(prefix: string, name: string | number): string {
  if (typeof name === "number") return `${prefix}[${name}]`;
  return prefix ? `${prefix}.${name}` : name;
}

/** Reports every key of `input` that is not in `allowed`, so a misspelt field is not silently ignored. */
export function unknownFields(input: Fields, allowed: readonly string[], prefix: string, problems: Problem[]): void {
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      problems.push({ field: fieldPath(prefix, key), code: "unknown_field", message: `unknown field; expected one of: ${allowed.join(", ")}` });
    }
  }
}

// Text is refused when it holds C0 or C1 control characters (tab and newline only in multiline text),
// the byte-order mark, the noncharacters U+FFFE and U+FFFF, or half a UTF-16 surrogate pair (JSON can
// carry them; XML cannot). Written as what is allowed, so the same patterns go into the OpenAPI document;
// a pair is matched as two halves or, under the "u" flag JSON Schema validators use, as one code point.
const CHAR = "[^\\u0000-\\u001F\\u007F-\\u009F\\uFEFF\\uFFFE\\uFFFF\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]";
const CHAR_OR_LINE_BREAK = "[^\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\uFEFF\\uFFFE\\uFFFF\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]";
/** Whitespace alone does not fill a required field. */
const NOT_BLANK = "(?=[\\s\\S]*\\S)";

export const TEXT = {
  singleLine: new RegExp(`^(?:${CHAR})*$`),
  singleLineRequired: new RegExp(`^${NOT_BLANK}(?:${CHAR})*$`),
  multiline: new RegExp(`^(?:${CHAR_OR_LINE_BREAK})*$`),
  multilineRequired: new RegExp(`^${NOT_BLANK}(?:${CHAR_OR_LINE_BREAK})*$`),
} as const;

export const CONTROL_MESSAGE = { singleLine: "must be a single line without control characters", multiline: "contains control characters" } as const;

export interface TextRule {
  required?: boolean;
  max: number;
  /** Allow newlines and tabs (Markdown bodies); single-line fields refuse them. */
  multiline?: boolean;
}

/** Reads a text field: trimmed, length-checked, free of control characters. */
export function readText(input: Fields, name: string, rule: TextRule, prefix: string, problems: Problem[]): string | undefined {
  const field = fieldPath(prefix, name);
  const value = input[name];
  if (value === undefined || value === null || value === "") {
    if (rule.required) problems.push({ field, code: "required", message: "is required" });
    return undefined;
  }
  if (typeof value !== "string") {
    problems.push({ field, code: "not_text", message: `must be text, not ${describe(value)}` });
    return undefined;
  }
  const text = rule.multiline ? value.replace(/\r\n?/g, "\n") : value.trim();
  if (rule.required && text.trim() === "") {
    problems.push({ field, code: "required", message: "is required" });
    return undefined;
  }
  if (text.length > rule.max) {
    problems.push({ field, code: "too_long", message: `is ${text.length} characters long; the limit is ${rule.max}` });
    return undefined;
  }
  if (!(rule.multiline ? TEXT.multiline : TEXT.singleLine).test(text)) {
    problems.push({ field, code: "control_characters", message: rule.multiline ? CONTROL_MESSAGE.multiline : CONTROL_MESSAGE.singleLine });
    return undefined;
  }
  return text;
}

/** Reads a whole number within bounds. */
export function readInteger(input: Fields, name: string, min: number, max: number, prefix: string, problems: Problem[]): number | undefined {
  const field = fieldPath(prefix, name);
  const value = input[name];
  if (value === undefined || value === null) {
    problems.push({ field, code: "required", message: "is required" });
    return undefined;
  }
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    problems.push({ field, code: "out_of_range", message: `must be a whole number from ${min} to ${max}` });
    return undefined;
  }
  return value;
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** Formats problems the way a compiler does, one per line: "file: field: message". */
export function formatProblems(problems: readonly Problem[], source = ""): string {
  return problems.map((p) => `${source ? `${source}: ` : ""}${p.field}: ${p.message}`).join("\n");
}
