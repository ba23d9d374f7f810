// Text written to break documents: markup, script end tags, CDATA ends, entities, quotes, comment
// openers, right-to-left text and a right-to-left override. Every field an article has gets some.

import { type SiteConfig, validateSite } from "../../src/content/site.ts";

const BREAKERS = `</script><script>alert(1)</script> & &amp; "double" 'single' <b>bold</b> ]]> <!-- --> <![CDATA[ x ]]>`;
/** Site labels are short (60 characters at most), so they get a shorter set. */
const SHORT_BREAKERS = `</script>&amp;"'<b> ]]><!--`;

export const HOSTILE = {
  headline: `Flood warning ${BREAKERS} فيضان في المرفأ \u202Edesrever`,
  standfirst: `Standfirst ${BREAKERS} ملخص الخبر`,
  alt: `Alt ${BREAKERS} صورة`,
  caption: `Caption ${BREAKERS} تعليق`,
  credit: `Credit ${BREAKERS} تصوير`,
  /** Labels from site.json: sections, tags and authors can be named anything. */
  sectionName: `Section ${SHORT_BREAKERS}`,
  tagLabel: `Tag ${SHORT_BREAKERS} وسم`,
  authorName: `Author ${SHORT_BREAKERS} كاتب`,
  /** Markdown: markdown-it escapes raw HTML, so the text survives as text. */
  body: `Body text with ]]> and </script> and <b>tags</b> & ampersands & "quotes".

نص عربي من اليمين إلى اليسار مع ]]> و </script>.

[A site link](/articles/lower-harbour-flood-defence-plan-approved) and [an outside one](https://example.org/a?b=1&c=2).`,
};

/** The text the body must show once rendered, whichever format carries it. */
export const HOSTILE_BODY_TEXT = [
  'Body text with ]]> and </script> and <b>tags</b> & ampersands & "quotes".',
  "نص عربي من اليمين إلى اليسار مع ]]> و </script>.",
];

/** Characters XML 1.0 forbids: a document that lets them through is not XML. Validation refuses them,
 * so they can only arrive in a record written past it (an older version, a bug, a hand edit). */
export const FORBIDDEN_IN_XML = "\u0001\u0008\u000B\u001F\uFFFE\uFFFF\uDFFF\uD800";

/** A site config with one hostile section name ("news"), tag label ("water") and author name ("amira-haddad"). */
export function hostileSite(site: SiteConfig): SiteConfig {
  const checked = validateSite({
    ...site,
    sections: site.sections.map((s) => (s.slug === "news" ? { ...s, name: HOSTILE.sectionName } : s)),
    tags: { ...site.tags, water: HOSTILE.tagLabel },
    authors: site.authors.map((a) => (a.slug === "amira-haddad" ? { ...a, name: HOSTILE.authorName } : a)),
  });
  if (!checked.ok) throw new Error(`the hostile site config must still be valid: ${JSON.stringify(checked.problems)}`);
  return checked.value;
}
