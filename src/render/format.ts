// Dates and names as readers see them, in the page's language.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string): Intl.DateTimeFormat {
  let f = formatters.get(language);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" });
    } catch {
      f = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" });
    }
    formatters.set(language, f);
  }
  return f;
}

/** "25 November 2026" (or the article language's form), in UTC so every edge renders the same page. */
export function formatDate(ms: number, language: string): string {
  return formatter(language).format(ms);
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** "Amira Haddad", "Amira Haddad and Tom Reyes", "A, B and C". */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
