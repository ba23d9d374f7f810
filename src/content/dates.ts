// Publish and change times as the content takes them, apart from the article schema (valibot), so the
// reading road can normalise a time without loading the schema: the page bundle stays small and its
// startup does not build the schema.

const YEAR_MONTH_DAY = "\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))";
const LEAP_DAY = "(?:\\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29";
const TIME = "T(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,9})?)?(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)";
/** An ISO 8601 date, or a date-time with a zone; only days that exist (2028-02-29 but not 2026-02-29). */
export const DATE_TIME = `(?:${YEAR_MONTH_DAY}|${LEAP_DAY})(?:${TIME})?`;
export const DATE_TIME_PATTERN = new RegExp(`^${DATE_TIME}$`);

/**
 * Parses an ISO 8601 date ("2026-11-20", midnight UTC) or date-time with a zone
 * ("2026-11-20T08:30:00Z", "2026-11-20T10:30+02:00") and returns it normalised to UTC, or undefined.
 */
export function normaliseDateTime(value: string): string | undefined {
  if (!DATE_TIME_PATTERN.test(value)) return undefined;
  const time = Date.parse(value.includes("T") ? value : `${value}T00:00:00Z`);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().replace(".000Z", "Z");
}
