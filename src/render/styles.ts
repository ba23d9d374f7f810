// The one inline stylesheet: every page carries it, so the first paint needs only the HTML.
// The Content-Security-Policy allows exactly this text by its hash (see http/headers.ts).
// Colours are chosen for WCAG AA in both schemes (the e2e suite checks them with axe-core); layout
// uses logical properties so right-to-left articles mirror without extra rules.

export const STYLESHEET = `
:root{color-scheme:light dark;
--bg:#faf8f3;--fg:#191817;--muted:#57534d;--rule:#d6d0c4;--strong-rule:#191817;--accent:#a3161b;--card:#fff;--mark:#f1ece1;
--band:#15202e;--band-fg:#e9e6df;--band-muted:#b7c0cc;--band-accent:#ffb4a8;
--serif:Charter,"Bitstream Charter","Sitka Text",Cambria,"Noto Serif","DejaVu Serif",Georgia,serif;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;
--mono:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace}
@media (prefers-color-scheme:dark){:root{
--bg:#131415;--fg:#ecebe7;--muted:#b1ada5;--rule:#3a3936;--strong-rule:#d8d5cf;--accent:#ff8f84;--card:#1c1d1f;--mark:#232427;
--band:#0b1018;--band-fg:#e4e1da;--band-muted:#aab4c0;--band-accent:#ffb4a8}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.55 var(--sans);overflow-wrap:break-word;border-top:4px solid var(--accent)}
a{color:inherit;text-decoration-thickness:.07em;text-underline-offset:.2em}
a:hover{color:var(--accent);text-decoration-thickness:.12em}
:focus-visible{outline:3px solid var(--accent);outline-offset:3px;border-radius:2px}
main:focus{outline:none}
img{max-width:100%;height:auto;display:block}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.skip{position:absolute;inset-inline-start:.75rem;top:-4rem;background:var(--fg);color:var(--bg);padding:.6rem 1rem;font-weight:700;z-index:2}
.skip:focus{top:.75rem}
.wrap{max-width:74rem;margin-inline:auto;padding-inline:1rem}
@media (min-width:40rem){.wrap{padding-inline:1.5rem}}
h1,h2,h3{font-family:var(--serif);line-height:1.15;margin:0 0 .5rem;text-wrap:balance}
h1{font-size:clamp(2rem,6.5vw,3.1rem);letter-spacing:-.015em}
.masthead-brand{text-align:center;padding-block:1.1rem .8rem}
.brand{font:700 clamp(1.7rem,7.4vw,3.4rem)/1.05 var(--serif);letter-spacing:-.02em;text-decoration:none}
.tagline{margin:.35rem 0 0;color:var(--muted);font:italic .95rem/1.35 var(--serif);text-wrap:balance}
.sections{border-top:1px solid var(--rule);border-bottom:3px double var(--strong-rule)}
.sections ul{display:flex;justify-content:safe center;gap:0 1.4rem;list-style:none;margin-block:0;overflow-x:auto;white-space:nowrap;scrollbar-width:none}
.sections a{display:block;padding:.7rem .1rem .55rem;font:700 .8rem/1.2 var(--sans);text-transform:uppercase;letter-spacing:.09em;text-decoration:none;border-bottom:3px solid transparent}
.sections a[aria-current]{color:var(--accent);border-bottom-color:var(--accent)}
@media (max-width:30rem){.sections ul{gap:0 .8rem}.sections a{font-size:.7rem;letter-spacing:.03em}}
main{display:block;padding:2rem 0 3.5rem}
.kicker{font:700 .75rem/1.2 var(--sans);text-transform:uppercase;letter-spacing:.1em;color:var(--accent);margin:0 0 .45rem}
.meta{font-size:.85rem;color:var(--muted);margin:0}
.page-head{border-bottom:1px solid var(--rule);margin-bottom:1.75rem;padding-bottom:1.1rem}
.page-head p{color:var(--muted);margin:.3rem 0 0;max-width:42rem}
.page-head .kicker{color:var(--accent);margin:0 0 .4rem}
.page-head:has(+.block){border-bottom:0;margin-bottom:0}
.front{display:grid;gap:2rem;padding-bottom:2rem;border-bottom:1px solid var(--rule)}
@media (min-width:60rem){.front{grid-template-columns:minmax(0,2.1fr) minmax(0,1fr);gap:2.5rem}.rail{border-inline-start:1px solid var(--rule);padding-inline-start:2rem}}
.lead-col{display:grid;gap:2rem;align-content:start}
.lead-story{display:grid;gap:1rem;align-content:start}
@media (min-width:40rem){.seconds .cards{grid-template-columns:repeat(2,minmax(0,1fr))}}
.block .cards{grid-template-columns:repeat(auto-fit,minmax(15rem,1fr))}
.lead-image img{width:100%;aspect-ratio:16/9;object-fit:cover}
.lead-story h2{font-size:clamp(1.75rem,5.2vw,2.75rem);letter-spacing:-.015em;margin-bottom:.6rem}
.lead-story h2 a,.card h2 a,.card h3 a,.headlines a{text-decoration:none}
.lead-story h2 a:hover,.card a:hover,.headlines a:hover{text-decoration:underline}
.lead-story .standfirst{font:1.2rem/1.45 var(--serif);color:var(--muted);margin:0 0 .6rem;max-width:38rem}
.lead-story:not(.has-image) h2{font-size:clamp(2rem,6vw,3.25rem)}
.rail-head,.block-head h2{font:700 .9rem/1.2 var(--sans);text-transform:uppercase;letter-spacing:.1em;margin:0}
.rail-head{border-bottom:2px solid var(--strong-rule);padding-bottom:.5rem}
.headlines{list-style:none;margin:0;padding:0;counter-reset:headline}
.headlines li{counter-increment:headline;display:grid;grid-template-columns:2rem minmax(0,1fr);padding:.85rem 0;border-bottom:1px solid var(--rule)}
.headlines li::before{content:counter(headline);font:700 1.5rem/1 var(--serif);color:var(--accent)}
.headlines .kicker{margin-bottom:.3rem}
.headlines h3{font-size:1.08rem;line-height:1.25;margin:0 0 .3rem}
.block{margin-top:2.5rem}
.block-head{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;border-top:2px solid var(--strong-rule);padding-top:.55rem;margin-bottom:1.1rem}
.more{font:700 .85rem/1.2 var(--sans);text-decoration:none;color:var(--accent)}
.more:hover{text-decoration:underline}
.cards{list-style:none;margin:0;padding:0;display:grid;gap:1.5rem;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr))}
.card{display:flex;flex-direction:column;height:100%}
.card img{width:100%;aspect-ratio:16/9;object-fit:cover;margin-bottom:.7rem;background:var(--mark)}
.card h2,.card h3{font-size:1.22rem;line-height:1.22;margin:0 0 .4rem}
.card p{margin:0 0 .45rem;color:var(--muted);font-size:.95rem}
.card .meta{margin-top:auto;font-size:.82rem}
.card .kicker{color:var(--accent);font-size:.75rem;margin-bottom:.4rem}
@media (max-width:39.99rem){
.cards{gap:0}
.cards>li{padding:1rem 0;border-bottom:1px solid var(--rule)}
.cards>li:first-child{padding-top:0}
.cards>li+li .card.has-image{display:grid;grid-template-columns:minmax(0,1fr) 6.5rem;column-gap:1rem;align-items:start}
.cards>li+li .card.has-image>*{grid-column:1}
.cards>li+li .card.has-image img{grid-column:2;grid-row:1/span 4;aspect-ratio:1;margin:0}
.block .cards>li+li .card>p:not(.meta):not(.kicker),.related .card>p:not(.meta){display:none}
.cards>li+li .card h2,.cards>li+li .card h3{font-size:1.1rem}}
.river{max-width:54rem}
.related .cards{grid-template-columns:minmax(0,1fr);gap:0}
.related .cards>li{padding:1rem 0;border-bottom:1px solid var(--rule)}
.related .cards>li:first-child{padding-top:0}
.related .card.has-image{display:grid;grid-template-columns:minmax(0,1fr) 6.5rem;column-gap:1rem;align-items:start}
.related .card.has-image>*{grid-column:1}
.related .card.has-image img{grid-column:2;grid-row:1/span 4;aspect-ratio:1;margin:0}
.related .card h3{font-size:1.1rem}
@media (min-width:40rem){
.river .cards{grid-template-columns:minmax(0,1fr);gap:0}
.river .cards>li{padding:1.4rem 0;border-bottom:1px solid var(--rule)}
.river .cards>li:first-child{padding-top:0}
.river .card.has-image{display:grid;grid-template-columns:minmax(0,1fr) 15rem;column-gap:1.75rem;align-items:start}
.river .card.has-image>*{grid-column:1}
.river .card.has-image img{grid-column:2;grid-row:1/span 4;margin:0}
.river .card h2{font-size:1.5rem}
.related .card.has-image{grid-template-columns:minmax(0,1fr) 10rem}
.related .card.has-image img{aspect-ratio:16/9}}
.pager{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:.5rem 1.5rem;margin-top:2rem;border-top:1px solid var(--rule);padding-top:1rem}
.pager a{font-weight:700}
.page-count{color:var(--muted);font-size:.9rem}
.reader-help{max-width:42rem;margin-top:2.5rem;border-top:2px solid var(--strong-rule);padding-top:.5rem}
.reader-help h2{font-size:1.3rem;margin-top:1.5rem}
.edition-switch a{font-weight:700}
.page-head .subsections{margin-top:1rem}
.story{max-width:42rem;margin:0 auto}
.crumbs ol{display:flex;flex-wrap:wrap;align-items:center;gap:0 .5rem;list-style:none;margin:-.35rem 0 .65rem;padding:0;font:700 .75rem/1.4 var(--sans);text-transform:uppercase;letter-spacing:.09em;color:var(--muted)}
.crumbs a{display:inline-block;padding:.35rem 0;text-decoration:none}
.crumbs li:last-child a{color:var(--accent)}
.crumbs a:hover{text-decoration:underline}
.crumbs li+li::before{content:"/";margin-inline-end:.35rem;color:var(--rule)}
.story h1{font-size:clamp(2rem,5.5vw,2.8rem);margin-bottom:.75rem}
.standfirst{font:1.25rem/1.45 var(--serif);color:var(--muted);margin:0 0 1.25rem}
.byline{font-size:.9rem;color:var(--muted);border-top:1px solid var(--rule);border-bottom:1px solid var(--rule);padding:.7rem 0;margin:0 0 1.5rem}
.byline a{color:var(--fg);font-weight:700;text-decoration-color:var(--accent)}
figure{margin:0 0 1.75rem}
@media (min-width:64rem){.story .lead-figure{margin-inline:-6rem}}
figcaption{font-size:.85rem;line-height:1.45;color:var(--muted);padding-top:.55rem;border-bottom:1px solid var(--rule);padding-bottom:.55rem}
@media (min-width:64rem){.story .lead-figure figcaption{margin-inline:6rem}}
.credit{font-style:italic;white-space:nowrap}
.body{font:1.125rem/1.7 var(--serif);overflow-wrap:anywhere}
@media (min-width:40rem){.body{font-size:1.1875rem}}
.body>p:first-child::first-letter{float:inline-start;font:700 3.4em/.8 var(--serif);margin:.08em .1em 0 0;color:var(--accent)}
[dir=rtl] .body>p:first-child::first-letter{float:none;font:inherit;margin:0;color:inherit}
.body p,.body ul,.body ol{margin:0 0 1.15em}
.body li{margin-bottom:.4em}
.body a{color:var(--accent)}
.body a:hover{text-decoration-thickness:.14em}
.body h2{font-size:1.55rem;margin:2.2rem 0 .6rem}
.body h3{font-size:1.28rem;margin:1.8rem 0 .5rem}
.body h4,.body h5,.body h6{font:700 1.05rem/1.3 var(--sans);margin:1.5rem 0 .4rem}
.body blockquote{margin:2rem 0;padding-block:.2rem;padding-inline:1.25rem 0;border-inline-start:4px solid var(--accent);font-style:italic;font-size:1.12em;line-height:1.55}
[dir=rtl] .body blockquote,[dir=rtl] .credit{font-style:normal}
.body blockquote p:last-child{margin-bottom:0}
.body img{margin:2rem 0;width:100%}
.body code{font-family:var(--mono);font-size:.88em;background:var(--mark);padding:.1em .3em;border-radius:3px}
.body pre{white-space:pre-wrap;background:var(--mark);padding:1rem;font-size:.9rem}
.body pre code{background:none;padding:0}
.body table{border-collapse:collapse;width:100%;table-layout:fixed;font:.92rem/1.45 var(--sans);margin:1.5rem 0}
.body td,.body th{border-bottom:1px solid var(--rule);padding:.45rem .5rem;text-align:start;vertical-align:top}
.body th{border-bottom:2px solid var(--strong-rule)}
.body hr{border:0;border-top:1px solid var(--rule);margin:2rem 0}
[dir=rtl] .body,[dir=rtl] .standfirst,[dir=rtl] h1,[dir=rtl] h2,[dir=rtl] h3{font-family:var(--sans)}
[dir=rtl] .body{line-height:1.85}
.story-foot{margin-top:2.5rem;border-top:2px solid var(--strong-rule);padding-top:.5rem}
.story-foot h2,.related h2{font:700 .85rem/1.2 var(--sans);text-transform:uppercase;letter-spacing:.1em;margin:1rem 0 .7rem}
.tags,.share ul{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;margin:0;padding:0}
.tags a,.share a{display:inline-block;border:1px solid var(--rule);border-radius:2rem;padding:.4rem .9rem;font:600 .85rem/1.2 var(--sans);text-decoration:none;background:var(--card)}
.tags a:hover,.share a:hover{border-color:var(--accent)}
.related{max-width:42rem;margin:3rem auto 0;border-top:2px solid var(--strong-rule)}
.mirror-list{list-style:none;margin:0 0 1.5rem;padding:0;max-width:48rem}
.mirror-list li{padding:.85rem 0;border-bottom:1px solid var(--rule)}
.mirror-list a{font:700 1.15rem/1.3 var(--serif)}
.mirror-list .meta{display:block;font-family:var(--mono);overflow-wrap:anywhere;margin-top:.2rem}
.site-footer{background:var(--band);color:var(--band-fg);padding:2.25rem 0 2.5rem;font-size:.92rem;border-top:4px solid var(--band-accent);--accent:var(--band-accent)}
.site-footer a{color:var(--band-fg)}
.site-footer a:hover{color:var(--band-accent)}
.site-footer .footer-brand{font:700 1.5rem/1.1 var(--serif);margin:0 0 1.25rem;color:var(--band-fg)}
.site-footer h2{font:700 .8rem/1.2 var(--sans);text-transform:uppercase;letter-spacing:.1em;margin:0 0 .5rem;color:var(--band-fg)}
.site-footer p{color:var(--band-muted);max-width:42rem}
.addresses ul{list-style:none;padding:0;margin:1rem 0;display:grid;gap:.6rem 2rem;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr))}
.addresses li{min-width:0}
.addresses a{font-weight:700}
.host{display:block;font:.8rem/1.4 var(--mono);color:var(--band-muted);overflow-wrap:anywhere}
.colophon{border-top:1px solid #ffffff33;padding-top:1rem;margin:1.5rem 0 0;font-size:.85rem}
@media print{
@page{margin:1.8cm}
body{background:#fff;color:#000;border:0;font-size:11pt}
.skip,.sections,.tagline,.site-footer,.crumbs,.story-foot,.related,.pager{display:none}
.masthead-brand{text-align:start;padding:0 0 .5cm;border-bottom:1pt solid #000;margin-bottom:.5cm}
.brand{font-size:14pt}
.wrap,.story{max-width:none;padding:0}
main{padding:0}
.story .lead-figure,.story .lead-figure figcaption{margin-inline:0}
.standfirst,.byline,.meta,figcaption{color:#000}
.body{font-size:11pt;line-height:1.5}
.body a{color:#000}
.body a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em;overflow-wrap:anywhere}
.story h1{font-size:24pt}
.story img,.body img{width:auto;max-width:100%;max-height:9cm}
img,figure,blockquote,table,pre{break-inside:avoid}
h1,h2,h3{break-after:avoid}
}
`
  .trim()
  .replace(/\n/g, "");

/**
 * The lite edition's stylesheet (Save-Data or ?lite=1): readable text in one column and nothing else,
 * so a page costs little more than its words. Its hash must be in the CSP of lite pages, like STYLESHEET's.
 */
export const LITE_STYLESHEET = `
:root{color-scheme:light dark}
body{margin:0 auto;max-width:42rem;padding:0 1rem;font:1.0625rem/1.55 system-ui,sans-serif;overflow-wrap:break-word}
a{color:#0b4f9c}
@media (prefers-color-scheme:dark){body{background:#131415;color:#ecebe7}a{color:#9cc3ff}}
h1,h2,h3{line-height:1.2}
.skip,.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
.skip:focus{position:static;width:auto;height:auto;clip-path:none}
.brand{font-weight:700;font-size:1.3rem}
.sections ul,.tags,.share ul,.crumbs ol{padding:0;list-style:none}
.sections li,.tags li,.share li,.crumbs li{display:inline-block;margin:0 .8rem .3rem 0}
.kicker,.meta,.host,figcaption{font-size:.85rem}
.masthead,.site-footer{border-bottom:1px solid;padding:.5rem 0}
.site-footer{border:0;border-top:1px solid;margin-top:2rem}
.body{font-size:1.1rem}
figure{margin:1rem 0}
pre{white-space:pre-wrap}
table{border-collapse:collapse}td,th{border:1px solid;padding:.2rem .4rem}
`
  .trim()
  .replace(/\n/g, "");

/**
 * The daily edition file's stylesheet: a readable serif page on screen and on paper, each story on a new
 * printed page. The file carries its own CSP (style-src 'unsafe-inline'); a server that sends one must
 * allow this text by its hash or by 'unsafe-inline', and img-src data:.
 */
export const EDITION_STYLESHEET = `
:root{color-scheme:light dark}
body{margin:0 auto;max-width:40rem;padding:1rem;font-family:Charter,"Bitstream Charter","Sitka Text",Cambria,"Noto Serif","DejaVu Serif",Georgia,serif;font-size:1.125rem;line-height:1.6;overflow-wrap:break-word}
@media (prefers-color-scheme:dark){body{background:#131415;color:#ecebe7}a{color:#9cc3ff}}
h1,h2,h3,h4{line-height:1.2}
.brand{font-weight:700;font-size:1.6rem;margin:0}
.edition-head{border-bottom:3px double;margin-bottom:1.5rem}
.toc ol{padding-inline-start:1.4rem}
.kicker,.byline,.meta,figcaption,.source,.image-alt{font-family:system-ui,sans-serif;font-size:.9rem;line-height:1.4}
.kicker{text-transform:uppercase;letter-spacing:.08em;margin:0}
.standfirst{font-size:1.2rem;font-style:italic}
.story{border-top:1px solid;margin-top:2.5rem;padding-top:1rem}
img{max-width:100%;height:auto}
figure{margin:1rem 0}
pre{white-space:pre-wrap}
table{border-collapse:collapse}td,th{border:1px solid;padding:.2rem .4rem}
.addresses{border-top:3px double;margin-top:3rem}
@media print{
@page{margin:2cm}
body{max-width:none;padding:0;font-size:11pt;color:#000;background:#fff}
a{color:#000}
.story{break-before:page;border:0;margin:0;padding:0}
.addresses{break-before:page}
img,figure,blockquote,table,pre{break-inside:avoid}
h1,h2,h3{break-after:avoid}
}
`
  .trim()
  .replace(/\n/g, "");
