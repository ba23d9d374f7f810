// Validation results shared by the article model, the site config and the domain policy.

/** One thing wrong with an input, named by its field path ("image.alt", "rules[2].hosts[0]"). */
export interface Problem {
  field: string;
  message: string;
  /** A stable machine code ("required", "too_long", "media_missing"...): clients and tests match on it. */
  code?: string;
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
      problems.push({ field: fieldPath(prefix, key), message: `unknown field; expected one of: ${allowed.join(", ")}` });
    }
  }
}

// C0 and C1 control characters other than tab and newline, the byte-order mark, the noncharacters
// U+FFFE and U+FFFF, and UTF-16 surrogates without their other half (JSON can carry them; XML cannot).
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

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
    if (rule.required) problems.push({ field, message: "is required" });
    return undefined;
  }
  if (typeof value !== "string") {
    problems.push({ field, message: `must be text, not ${describe(value)}` });
    return undefined;
  }
  const text = rule.multiline ? value.replace(/\r\n?/g, "\n") : value.trim();
  if (rule.required && text.trim() === "") {
    problems.push({ field, message: "is required" });
    return undefined;
  }
  if (text.length > rule.max) {
    problems.push({ field, message: `is ${text.length} characters long; the limit is ${rule.max}` });
    return undefined;
  }
  if (CONTROL.test(text) || (!rule.multiline && /[\n\t]/.test(text))) {
    problems.push({ field, message: rule.multiline ? "contains control characters" : "must be a single line without control characters" });
    return undefined;
  }
  return text;
}

/** Reads a list of strings, each checked by `accept` (which returns an error message or undefined). */
export function readList(
  input: Fields,
  name: string,
  rule: { min: number; max: number },
  accept: (item: string) => string | undefined,
  prefix: string,
  problems: Problem[],
): string[] {
  const field = fieldPath(prefix, name);
  const value = input[name] ?? [];
  if (!Array.isArray(value)) {
    problems.push({ field, message: `must be a list, not ${describe(value)}` });
    return [];
  }
  if (value.length < rule.min) problems.push({ field, message: `needs at least ${rule.min} ${rule.min === 1 ? "entry" : "entries"}` });
  if (value.length > rule.max) {
    problems.push({ field, message: `has ${value.length} entries; the limit is ${rule.max}` });
    return [];
  }
  const items: string[] = [];
  value.forEach((item: unknown, index) => {
    const itemField = fieldPath(field, index);
    if (typeof item !== "string") {
      problems.push({ field: itemField, message: `must be text, not ${describe(item)}` });
      return;
    }
    const error = accept(item);
    if (error) problems.push({ field: itemField, message: error });
    else if (items.includes(item)) problems.push({ field: itemField, message: `"${item}" is listed twice` });
    else items.push(item);
  });
  return items;
}

/** Reads a whole number within bounds. */
export function readInteger(input: Fields, name: string, min: number, max: number, prefix: string, problems: Problem[]): number | undefined {
  const field = fieldPath(prefix, name);
  const value = input[name];
  if (value === undefined || value === null) {
    problems.push({ field, message: "is required" });
    return undefined;
  }
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    problems.push({ field, message: `must be a whole number from ${min} to ${max}` });
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
