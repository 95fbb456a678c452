/**
 * The chart on the pages: developments over time, one series per theatre, as inline SVG (no script,
 * no external resource, no style attribute, so the page's CSP holds). Small multiples: one row of
 * bars per theatre on a shared time axis, which stays readable with many theatres where overlaid
 * lines would not. Months when the events span at most four years, years otherwise.
 *
 * `chartData` is plain data (it goes into the page fingerprint); `chartSvg` draws it. Every text
 * and attribute value is escaped; numbers are rounded to 0.1 so the bytes are stable.
 */
import type { CeasefireEvent } from '#schemas/event.ts';
import { escapeHtml } from './escape.ts';
import { countryName } from './describe.ts';

export const CHART_MAX_SERIES = 12;
const MAX_MONTHS = 48;
const MAX_YEARS = 80;

export interface ChartSeries {
  theatre: string;
  label: string;
  total: number;
  /** One count per bucket. */
  counts: number[];
}

export interface ChartData {
  unit: 'month' | 'year';
  /** Bucket labels: YYYY-MM or YYYY, oldest first. */
  buckets: string[];
  /** Most developments first (then by code); at most CHART_MAX_SERIES. */
  series: ChartSeries[];
  /** Theatres not drawn (beyond the cap). */
  hidden: number;
  /** Developments outside the drawn range (before the first year drawn). */
  outside: number;
}

/** Months since year 0 of a YYYY, YYYY-MM or YYYY-MM-DD date (schema-checked digits). */
function monthIndex(date: string): number {
  const y = (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48);
  const m = date.length >= 7 ? (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48) : 1;
  return y * 12 + (m - 1);
}
const pad = (n: number) => String(n).padStart(2, '0');

export function chartData(events: readonly CeasefireEvent[], maxSeries = CHART_MAX_SERIES): ChartData | undefined {
  if (events.length === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  const indexes = events.map((e) => {
    const i = monthIndex(e.occurred.date);
    if (i < min) min = i;
    if (i > max) max = i;
    return i;
  });
  const byMonth = max - min + 1 <= MAX_MONTHS;
  const first = byMonth ? min : Math.max(Math.floor(min / 12), Math.floor(max / 12) - MAX_YEARS + 1);
  const last = byMonth ? max : Math.floor(max / 12);
  const buckets: string[] = [];
  for (let b = first; b <= last; b++) buckets.push(byMonth ? `${Math.floor(b / 12)}-${pad((b % 12) + 1)}` : String(b));

  const totals = new Map<string, number[]>();
  let outside = 0;
  events.forEach((event, i) => {
    const bucket = (byMonth ? indexes[i]! : Math.floor(indexes[i]! / 12)) - first;
    if (bucket < 0) {
      outside++;
      return;
    }
    let counts = totals.get(event.theatre.country);
    if (!counts) totals.set(event.theatre.country, (counts = new Array<number>(buckets.length).fill(0)));
    counts[bucket]! += 1;
  });
  const series = [...totals]
    .map(([theatre, counts]) => ({ theatre, label: countryName(theatre), total: counts.reduce((a, b) => a + b, 0), counts }))
    .sort((a, b) => b.total - a.total || (a.theatre < b.theatre ? -1 : a.theatre > b.theatre ? 1 : 0));
  return { unit: byMonth ? 'month' : 'year', buckets, series: series.slice(0, maxSeries), hidden: Math.max(0, series.length - maxSeries), outside };
}

/** One sentence under the chart saying how to read it. */
export function chartCaption(data: ChartData): string {
  const rows =
    data.series.length === 1
      ? 'one bar'
      : `one row per theatre${data.hidden ? ` (the ${data.series.length} with most developments; ${data.hidden} more in the filters)` : ''}`;
  return `Developments per ${data.unit}, ${rows}; the number at the end of a row is its total.`;
}

/** Colour-blind-friendly palette (Okabe-Ito, then Tableau), one per row. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#8C6D1F', '#7F7F7F', '#4E79A7', '#B07AA1', '#59A14F', '#E15759'];

const WIDTH = 720;
const LABEL_WIDTH = 176;
const RIGHT = 44;
const ROW = 30;
const BAR = 22;
const TOP = 6;
const AXIS = 22;

const r1 = (n: number) => String(Math.round(n * 10) / 10);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function bucketLabel(data: ChartData, bucket: string): string {
  if (data.unit === 'year') return bucket;
  const [y, m] = bucket.split('-');
  return `${MONTHS[Number.parseInt(m!, 10) - 1]} ${y}`;
}

/**
 * The chart as an <svg> element. `hrefFor(theatre)` gives the link of a theatre's label (its page),
 * or undefined for no link.
 */
export function chartSvg(data: ChartData, title: string, hrefFor: (theatre: string) => string | undefined): string {
  const plot = WIDTH - LABEL_WIDTH - RIGHT;
  const n = data.buckets.length;
  const col = plot / n;
  const height = TOP + data.series.length * ROW + AXIS;
  const peak = Math.max(1, ...data.series.flatMap((s) => s.counts));
  const per = data.unit === 'month' ? 'month' : 'year';
  const desc =
    `Developments per ${per} from ${bucketLabel(data, data.buckets[0]!)} to ${bucketLabel(data, data.buckets[n - 1]!)}, ` +
    `one row per theatre (${data.series.length} shown${data.hidden ? `, ${data.hidden} more not shown` : ''}); the tallest bar is ${peak}.`;
  const out: string[] = [
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="chart-title chart-desc">`,
    `<title id="chart-title">${escapeHtml(title)}</title>`,
    `<desc id="chart-desc">${escapeHtml(desc)}</desc>`,
  ];
  data.series.forEach((series, row) => {
    const colour = PALETTE[row % PALETTE.length]!;
    const base = TOP + row * ROW + BAR + 2;
    const label = series.label.length > 25 ? `${series.label.slice(0, 24)}\u2026` : series.label;
    const href = hrefFor(series.theatre);
    const text = `<text x="0" y="${r1(base - 6)}" fill="currentColor" font-size="13">${escapeHtml(label)}</text>`;
    out.push(`<g class="series" data-theatre="${escapeHtml(series.theatre)}">`);
    out.push(`<title>${escapeHtml(`${series.label}: ${series.total} development${series.total === 1 ? '' : 's'}`)}</title>`);
    out.push(href ? `<a href="${escapeHtml(href)}">${text}</a>` : text);
    out.push(
      `<line x1="${LABEL_WIDTH}" y1="${r1(base)}" x2="${WIDTH - RIGHT}" y2="${r1(base)}" stroke="currentColor" stroke-opacity="0.25" stroke-width="1"/>`,
    );
    series.counts.forEach((count, b) => {
      if (count === 0) return;
      const h = Math.max(2, (count / peak) * BAR);
      const w = Math.max(1, col - Math.min(2, col * 0.2));
      const x = LABEL_WIDTH + b * col + (col - w) / 2;
      out.push(
        `<rect x="${r1(x)}" y="${r1(base - h)}" width="${r1(w)}" height="${r1(h)}" fill="${colour}"><title>${escapeHtml(
          `${series.label}, ${bucketLabel(data, data.buckets[b]!)}: ${count} development${count === 1 ? '' : 's'}`,
        )}</title></rect>`,
      );
    });
    out.push(
      `<text x="${WIDTH - RIGHT + 6}" y="${r1(base - 6)}" fill="currentColor" font-size="12" opacity="0.7">${series.total}</text>`,
      '</g>',
    );
  });
  // Time axis: as many labels as fit (at least 48 px apart), always the first and the last.
  const axisY = TOP + data.series.length * ROW + 16;
  const step = Math.max(1, Math.ceil(48 / col));
  out.push('<g class="axis" fill="currentColor" font-size="11" opacity="0.8">');
  for (let b = 0; b < n; b += step) {
    if (b !== 0 && n - 1 - b < step && b !== n - 1) continue;
    out.push(`<text x="${r1(LABEL_WIDTH + b * col + col / 2)}" y="${axisY}" text-anchor="middle">${escapeHtml(bucketLabel(data, data.buckets[b]!))}</text>`);
  }
  if ((n - 1) % step !== 0) {
    out.push(`<text x="${r1(LABEL_WIDTH + (n - 1) * col + col / 2)}" y="${axisY}" text-anchor="middle">${escapeHtml(bucketLabel(data, data.buckets[n - 1]!))}</text>`);
  }
  out.push('</g>', '</svg>');
  return out.join('\n');
}
