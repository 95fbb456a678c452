/**
 * feed.xsl: what a person sees who opens an RSS or Atom document of this site in a browser. Every
 * XML feed carries `<?xml-stylesheet href="…feed.xsl" type="text/xsl"?>` (a relative href, so it
 * works wherever the site is served); browsers that still run XSLT 1.0 turn the feed into a
 * readable page that explains what a feed is and how to subscribe, and lists the items. Feed readers
 * ignore the instruction.
 *
 * No script and no external resource; one stylesheet for RSS 2.0 and Atom. Each item shows the
 * same date line as on the pages, read from the start of the item's HTML (the `dateline` template). Item titles and summaries
 * are HTML-escaped text (that is what readers expect), so the stylesheet un-escapes the five
 * entities `escapeHtml` writes and shows the result as text: nothing from the data is ever
 * interpreted as markup.
 *
 * Browsers apply it only to documents served with an XML content type they render
 * (application/xml or text/xml; Chromium shows application/rss+xml and application/atom+xml as
 * plain text), which is why the RSS documents are served as application/xml.
 */
import { escapeHtml } from './escape.ts';
import { ICON_HREF } from './html.ts';

export const FEED_XSL = `<?xml version="1.0" encoding="utf-8"?>
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:fh="http://purl.org/syndication/history/1.0"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  exclude-result-prefixes="atom fh content">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="(/rss/channel/title | /atom:feed/atom:title)[1]"/>
  <xsl:variable name="self" select="(/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href)[1]"/>
  <xsl:variable name="page" select="(/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href)[1]"/>
  <xsl:variable name="current" select="(/rss/channel/atom:link[@rel='current']/@href | /atom:feed/atom:link[@rel='current']/@href)[1]"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="referrer" content="no-referrer"/>
        <title><xsl:value-of select="$title"/> (web feed)</title>
        <link rel="icon" href="${escapeHtml(ICON_HREF)}"/>
        <style>
:root { color-scheme: light dark; --muted: #666; --rule: #ddd; --accent: #0b5394; --box: #eef4fb; }
@media (prefers-color-scheme: dark) { :root { --muted: #aaa; --rule: #444; --accent: #8ab4f8; --box: #1d2733; } }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 46rem; margin: 0 auto; padding: 1rem; }
a { color: var(--accent); }
.subscribe { background: var(--box); border: 1px solid var(--rule); border-radius: 6px; padding: 0.75rem 1rem; margin: 1rem 0; }
.subscribe h2 { margin-top: 0; font-size: 1.15rem; }
code { font-size: 0.95em; word-break: break-all; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
article { border-bottom: 1px solid var(--rule); padding: 0.6rem 0; }
article h3 { font-size: 1.05rem; margin: 0 0 0.2rem; }
.meta { color: var(--muted); font-size: 0.9rem; margin: 0; }
article p { margin: 0.3rem 0; }
        </style>
      </head>
      <body>
        <header>
          <h1><xsl:value-of select="$title"/></h1>
          <p class="meta"><xsl:value-of select="(/rss/channel/description | /atom:feed/atom:subtitle)[1]"/></p>
        </header>
        <section class="subscribe" id="subscribe">
          <h2>This is a web feed: subscribe to follow ceasefire developments</h2>
          <p>You are looking at a <strong>web feed</strong> (RSS or Atom). To <strong>subscribe</strong>, copy the address of this page
            from the address bar and paste it into your feed reader (for example NetNewsWire, Feedly, Inoreader, Thunderbird or Miniflux).
            New developments then appear in your reader as they are published; you do not need to come back here.</p>
          <xsl:if test="$self">
            <p>Feed address: <code><xsl:value-of select="$self"/></code></p>
          </xsl:if>
          <xsl:if test="$current">
            <p>This is an archive page of older developments. The current feed is <a href="{$current}"><xsl:value-of select="$current"/></a>.</p>
          </xsl:if>
          <xsl:if test="$page">
            <p>Prefer a web page? Read the <a href="{$page}">timeline of developments</a>.</p>
          </xsl:if>
        </section>
        <main>
          <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <article>
      <h3>
        <a href="{link}">
          <xsl:call-template name="unescape"><xsl:with-param name="text" select="title"/></xsl:call-template>
        </a>
      </h3>
      <xsl:call-template name="dateline"><xsl:with-param name="html" select="content:encoded"/></xsl:call-template>
      <p><xsl:call-template name="unescape"><xsl:with-param name="text" select="description"/></xsl:call-template></p>
    </article>
  </xsl:template>

  <xsl:template match="atom:entry">
    <article>
      <h3>
        <a href="{atom:link[@rel='alternate']/@href}">
          <xsl:call-template name="unescape"><xsl:with-param name="text" select="atom:title"/></xsl:call-template>
        </a>
      </h3>
      <xsl:call-template name="dateline"><xsl:with-param name="html" select="atom:content"/></xsl:call-template>
      <p><xsl:call-template name="unescape"><xsl:with-param name="text" select="atom:summary"/></xsl:call-template></p>
    </article>
  </xsl:template>

  <!-- The date line the pages show ("7 July 2017 · Agreement · Syria: Idlib"), from the item's HTML,
       which starts with it: <p class="dateline"><time datetime="2017-07-07">7 July 2017</time> · …</p>
       (describe.ts datelineHtml). The date there is as precise as it is known: a day, a month or a
       year, which pubDate and published, full timestamps, cannot say. -->
  <xsl:template name="dateline">
    <xsl:param name="html"/>
    <xsl:variable name="line" select="substring-before(substring-after($html, '&lt;p class=&quot;dateline&quot;&gt;'), '&lt;/p&gt;')"/>
    <p class="meta">
      <time datetime="{substring-before(substring-after($line, 'datetime=&quot;'), '&quot;')}">
        <xsl:value-of select="substring-before(substring-after($line, '&gt;'), '&lt;/time&gt;')"/>
      </time>
      <xsl:call-template name="unescape"><xsl:with-param name="text" select="substring-after($line, '&lt;/time&gt;')"/></xsl:call-template>
    </p>
  </xsl:template>

  <!-- HTML-escaped text back to text: &lt; &gt; &quot; &#39; first, &amp; last. -->
  <xsl:template name="unescape">
    <xsl:param name="text"/>
    <xsl:variable name="lt"><xsl:call-template name="replace"><xsl:with-param name="text" select="$text"/><xsl:with-param name="from" select="'&amp;lt;'"/><xsl:with-param name="to" select="'&lt;'"/></xsl:call-template></xsl:variable>
    <xsl:variable name="gt"><xsl:call-template name="replace"><xsl:with-param name="text" select="$lt"/><xsl:with-param name="from" select="'&amp;gt;'"/><xsl:with-param name="to" select="'&gt;'"/></xsl:call-template></xsl:variable>
    <xsl:variable name="quot"><xsl:call-template name="replace"><xsl:with-param name="text" select="$gt"/><xsl:with-param name="from" select="'&amp;quot;'"/><xsl:with-param name="to" select="'&quot;'"/></xsl:call-template></xsl:variable>
    <xsl:variable name="apos"><xsl:call-template name="replace"><xsl:with-param name="text" select="$quot"/><xsl:with-param name="from" select="'&amp;#39;'"/><xsl:with-param name="to" select="&quot;'&quot;"/></xsl:call-template></xsl:variable>
    <xsl:call-template name="replace"><xsl:with-param name="text" select="$apos"/><xsl:with-param name="from" select="'&amp;amp;'"/><xsl:with-param name="to" select="'&amp;'"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="replace">
    <xsl:param name="text"/>
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:choose>
      <xsl:when test="contains($text, $from)">
        <xsl:value-of select="substring-before($text, $from)"/>
        <xsl:value-of select="$to"/>
        <xsl:call-template name="replace">
          <xsl:with-param name="text" select="substring-after($text, $from)"/>
          <xsl:with-param name="from" select="$from"/>
          <xsl:with-param name="to" select="$to"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
`;
