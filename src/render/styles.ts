// The one inline stylesheet: every page carries it, so the first paint needs only the HTML.
// The Content-Security-Policy allows exactly this text by its hash (see http/headers.ts).

export const STYLESHEET = `
:root{color-scheme:light dark;--bg:#fbfaf7;--fg:#1b1b1b;--muted:#545454;--rule:#d9d6cf;--accent:#9b1c1c;--card:#fff;--mark:#f3efe6;
--serif:Charter,"Bitstream Charter","Sitka Text",Cambria,Georgia,serif;--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif}
@media (prefers-color-scheme:dark){:root{--bg:#141414;--fg:#ecebe8;--muted:#b4b1aa;--rule:#3a3835;--accent:#ff9b8f;--card:#1d1d1c;--mark:#262421}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 var(--sans);overflow-wrap:break-word}
a{color:inherit;text-decoration-thickness:.08em;text-underline-offset:.18em}
a:hover{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px;border-radius:2px}
img{max-width:100%;height:auto;display:block}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.skip{position:absolute;left:.5rem;top:-3rem;background:var(--fg);color:var(--bg);padding:.5rem 1rem;z-index:1}
.skip:focus{top:.5rem}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
.masthead{border-bottom:3px double var(--rule);padding:1.25rem 0 0}
.brand{font:700 clamp(1.9rem,6vw,3rem)/1.1 var(--serif);text-decoration:none;letter-spacing:-.01em}
.tagline{margin:.25rem 0 .75rem;color:var(--muted);font-size:.95rem}
.sections ul,.crumbs ol,.tags,.share ul,.mirror-list,.cards,.subsections{list-style:none;margin:0;padding:0}
.sections ul{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;border-top:1px solid var(--rule);padding:.6rem 0}
.sections a{text-decoration:none;font-weight:600;font-size:.95rem;display:inline-block;padding:.2rem 0}
.sections a[aria-current]{color:var(--accent);text-decoration:underline}
main{display:block;padding:1.5rem 0 3rem}
h1,h2,h3{font-family:var(--serif);line-height:1.2;margin:0 0 .5rem}
h1{font-size:clamp(1.9rem,5vw,2.75rem);letter-spacing:-.01em}
.page-head{border-bottom:1px solid var(--rule);margin-bottom:1.5rem;padding-bottom:1rem}
.page-head p{color:var(--muted);margin:.25rem 0 0;max-width:40rem}
.kicker{font:700 .8rem/1.2 var(--sans);text-transform:uppercase;letter-spacing:.08em;color:var(--accent);margin:0 0 .4rem}
.cards{display:grid;gap:1.5rem;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr))}
.card{border-top:1px solid var(--rule);padding-top:.9rem}
.card h2,.card h3{font-size:1.25rem;margin:.1rem 0 .35rem}
.card h2 a,.card h3 a,.lead-story h2 a{text-decoration:none}
.card p{margin:0 0 .4rem;color:var(--muted);font-size:.95rem}
.card img{margin-bottom:.6rem;aspect-ratio:16/9;object-fit:cover;width:100%}
.meta{font-size:.85rem;color:var(--muted)}
.lead-story{display:grid;gap:1.25rem;margin-bottom:2rem;padding-bottom:2rem;border-bottom:1px solid var(--rule)}
.lead-story h2{font-size:clamp(1.7rem,4vw,2.5rem)}
.lead-story p{font-size:1.15rem;color:var(--muted);margin:0 0 .5rem}
@media (min-width:50rem){.lead-story{grid-template-columns:3fr 2fr;align-items:center}}
.block{margin-top:2.5rem}
.block-head{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;border-bottom:2px solid var(--fg);margin-bottom:1rem}
.block-head h2{font-size:1.5rem}
.story{max-width:42rem;margin:0 auto}
.crumbs ol{display:flex;flex-wrap:wrap;gap:.35rem;font-size:.9rem;color:var(--muted);margin-bottom:1rem}
.crumbs li+li::before{content:"›";margin-inline-end:.35rem}
.standfirst{font:1.25rem/1.45 var(--serif);color:var(--muted);margin:.5rem 0 1rem}
.byline{font-size:.92rem;color:var(--muted);border-top:1px solid var(--rule);border-bottom:1px solid var(--rule);padding:.6rem 0;margin:0 0 1.5rem}
.byline a{color:var(--fg);font-weight:600}
figure{margin:0 0 1.5rem}
figcaption{font-size:.88rem;color:var(--muted);padding-top:.5rem}
.credit{font-style:italic}
.body{font:1.15rem/1.7 var(--serif)}
.body h2{font-size:1.5rem;margin:2rem 0 .5rem}
.body h3{font-size:1.25rem;margin:1.5rem 0 .5rem}
.body blockquote{margin:1.5rem 0;padding:.25rem 1.25rem;border-inline-start:4px solid var(--accent);background:var(--mark)}
.body img{margin:1.5rem 0}
.body pre{overflow-x:auto;background:var(--mark);padding:1rem}
.body table{border-collapse:collapse;display:block;overflow-x:auto}
.body td,.body th{border:1px solid var(--rule);padding:.3rem .6rem}
.story-foot{margin-top:2rem;border-top:1px solid var(--rule);padding-top:1rem}
.tags,.share ul{display:flex;flex-wrap:wrap;gap:.5rem}
.tags a,.share a{display:inline-block;border:1px solid var(--rule);border-radius:2rem;padding:.2rem .8rem;font-size:.88rem;text-decoration:none;background:var(--card)}
.story-foot h2,.related h2{font:700 1rem var(--sans);margin:1.25rem 0 .6rem}
.related{max-width:42rem;margin:2.5rem auto 0;border-top:2px solid var(--fg)}
.related .cards{grid-template-columns:repeat(auto-fill,minmax(14rem,1fr))}
.pager{margin-top:2rem}
.pager a{font-weight:600}
.mirror-list li{padding:.6rem 0;border-bottom:1px solid var(--rule)}
.site-footer{border-top:3px double var(--rule);padding:1.5rem 0 2.5rem;font-size:.92rem;color:var(--muted)}
.site-footer h2{font:700 1rem var(--sans);color:var(--fg);margin:0 0 .5rem}
.site-footer ul{list-style:none;padding:0;margin:0 0 .75rem;display:flex;flex-wrap:wrap;gap:.35rem 1.25rem}
.site-footer a{color:var(--fg)}
[dir=rtl] .body,[dir=rtl] .standfirst,[dir=rtl] h1{font-family:var(--sans)}
@media print{
.skip,.masthead nav,.site-footer,.share,.related,.crumbs,.pager{display:none}
body{background:#fff;color:#000;font-size:11pt}
.masthead{border:0;padding:0}
.body{font-size:11pt}
a{text-decoration:none}
.body a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em}
}
`
  .trim()
  .replace(/\n/g, "");
