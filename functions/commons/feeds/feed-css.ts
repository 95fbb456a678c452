/**
 * feed.css: what a person sees who opens an RSS or Atom document of this site in a browser. Every XML
 * feed carries `<?xml-stylesheet href="…feed.css" type="text/css"?>` (a relative href, so it works
 * wherever the site is served), and browsers style the XML with it: the feed's title and description,
 * a box that says what a feed is and how to subscribe, the feed's address and its page, then each
 * item with its title, date and place (`dc:coverage`), type, summary and link. Feed readers ignore
 * the instruction.
 *
 * A CSS stylesheet needs no XSLT, which browsers are removing (Chromium already shows a warning
 * banner on pages that use it), runs no script and loads nothing else. It cannot make links
 * clickable or copy text out of attributes, so the addresses are shown to be copied, and the box
 * points to the address bar. Browsers style only documents served with an XML type they render
 * (application/xml or text/xml: Chromium shows application/rss+xml and application/atom+xml as plain
 * text), which is why the XML feeds are served as application/xml (render.ts CONTENT_TYPES).
 *
 * One stylesheet for both formats: RSS elements have no namespace (`|item`), Atom's are in its
 * namespace (`atom|entry`). Everything is hidden, then what a person reads is shown, in reading order
 * (flex `order`, as the documents put the items after the channel's own elements).
 */
export const FEED_CSS = `@namespace atom url(http://www.w3.org/2005/Atom);
@namespace fh url(http://purl.org/syndication/history/1.0);
@namespace dc url(http://purl.org/dc/elements/1.1/);

* { display: none; }
:root {
  display: flex; flex-direction: column; max-width: 46rem; margin: 0 auto; padding: 1rem;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color-scheme: light dark; --muted: #666; --rule: #ddd; --accent: #0b5394; --box: #eef4fb;
}
@media (prefers-color-scheme: dark) { :root { --muted: #aaa; --rule: #444; --accent: #8ab4f8; --box: #1d2733; } }
|channel { display: flex; flex-direction: column; }

|channel > |title, atom|feed > atom|title { display: block; order: 1; font-size: 1.6rem; font-weight: 700; margin: 0.5rem 0; }
|channel > |description, atom|feed > atom|subtitle { display: block; order: 2; color: var(--muted); }

|channel > fh|archive, atom|feed > fh|archive { display: block; order: 3; margin-top: 1rem; font-weight: 600; }
fh|archive::before { content: "This is an archive page: older developments that no longer fit in the current feed."; }
|channel > atom|link[rel="current"], atom|feed > atom|link[rel="current"] { display: block; order: 3; }
atom|link[rel="current"]::before { content: "The current feed: " attr(href); overflow-wrap: anywhere; }

|channel::after, atom|feed::after {
  display: block; order: 4; white-space: pre-line; margin: 1rem 0 0.25rem; padding: 0.75rem 1rem;
  background: var(--box); border: 1px solid var(--rule); border-radius: 6px;
  content: "This is a web feed: subscribe to follow ceasefire developments.\\A"
    "To subscribe, copy the address of this page from your browser\\2019s address bar and paste it into your feed reader "
    "(NetNewsWire, Feedly, Inoreader, Thunderbird, Miniflux, newsboat\\2026). New developments then appear in your reader "
    "as they are published; you do not need to come back here.";
}
|channel > atom|link[rel="self"], atom|feed > atom|link[rel="self"] { display: block; order: 5; color: var(--muted); }
atom|link[rel="self"]::before { content: "Feed address: " attr(href); overflow-wrap: anywhere; }
|channel > |link { display: block; order: 6; overflow-wrap: anywhere; }
|channel > |link::before { content: "Prefer a web page? The timeline of developments is at "; }
atom|feed > atom|link[rel="alternate"] { display: block; order: 6; }
atom|feed > atom|link[rel="alternate"]::before { content: "Prefer a web page? The timeline of developments is at " attr(href); overflow-wrap: anywhere; }

|item, atom|entry {
  display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 0.5rem; order: 10;
  padding: 0.6rem 0; border-bottom: 1px solid var(--rule);
}
|item > |title, atom|entry > atom|title { display: block; order: 1; flex-basis: 100%; font-size: 1.05rem; font-weight: 600; }
|item > dc|coverage, atom|entry > dc|coverage { display: block; order: 2; color: var(--muted); font-size: 0.9rem; }
|item > |category[domain$="/event-type"], atom|entry > atom|category[scheme$="/event-type"] {
  display: block; order: 3; padding: 0 0.45rem; border-radius: 0.25rem; background: var(--rule); font-size: 0.85rem;
}
|item > |category[domain$="/event-type"] { text-transform: capitalize; }
atom|entry > atom|category[scheme$="/event-type"]::before { content: attr(label); }
|item > |description, atom|entry > atom|summary { display: block; order: 4; flex-basis: 100%; margin: 0.3rem 0; }
|item > |link { display: block; order: 5; flex-basis: 100%; font-size: 0.9rem; color: var(--accent); overflow-wrap: anywhere; }
|item > |link::before { content: "Read more: "; color: var(--muted); }
atom|entry > atom|link[rel="alternate"] { display: block; order: 5; flex-basis: 100%; font-size: 0.9rem; color: var(--accent); }
atom|entry > atom|link[rel="alternate"]::before { content: "Read more: " attr(href); overflow-wrap: anywhere; }
`;
