// The few interface words inside an article, in the article's language where we have them.

const STRINGS = {
  en: { by: "By", and: "and", updated: "Updated", topics: "Topics", share: "Share this story" },
  ar: { by: "بقلم", and: "و", updated: "حُدّث في", topics: "مواضيع", share: "شارك هذا المقال" },
  fa: { by: "نوشتهٔ", and: "و", updated: "به‌روزشده در", topics: "موضوع‌ها", share: "این گزارش را هم‌رسانی کنید" },
} as const;

export type UiStrings = (typeof STRINGS)["en"] | (typeof STRINGS)["ar"] | (typeof STRINGS)["fa"];

/** The strings for a language and the language they are actually in (English when we have none). */
export function uiStrings(language: string): { strings: UiStrings; language: string } {
  const primary = language.toLowerCase().split("-")[0] ?? "en";
  if (primary === "ar" || primary === "fa" || primary === "en") return { strings: STRINGS[primary], language: primary === "en" ? language : primary };
  return { strings: STRINGS.en, language: "en" };
}
