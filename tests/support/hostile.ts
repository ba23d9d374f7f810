// Text written to break documents: markup, script end tags, CDATA ends, entities, quotes, comment
// openers, right-to-left text and a right-to-left override. Every field an article has gets some.

const BREAKERS = `</script><script>alert(1)</script> & &amp; "double" 'single' <b>bold</b> ]]> <!-- --> <![CDATA[ x ]]>`;

export const HOSTILE = {
  headline: `Flood warning ${BREAKERS} فيضان في المرفأ \u202Edesrever`,
  standfirst: `Standfirst ${BREAKERS} ملخص الخبر`,
  alt: `Alt ${BREAKERS} صورة`,
  caption: `Caption ${BREAKERS} تعليق`,
  credit: `Credit ${BREAKERS} تصوير`,
  /** Labels from site.json: sections, tags and authors can be named anything. */
  sectionName: `Section ${BREAKERS}`,
  tagLabel: `Tag ${BREAKERS}`,
  authorName: `Author ${BREAKERS} كاتب`,
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
