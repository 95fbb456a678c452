/**
 * The chart on the pages: developments over time, one series per theatre, as inline SVG (no script,
 * no external resource, no style attribute, so the page's CSP holds). Small multiples: one row of
 * bars per theatre on a shared time axis, which stays readable with many theatres where overlaid
 * lines would not. Months when the events span at most four years, years otherwise. The time axis
 * labels only as many months or years as fit without touching (`axisTicks`), and the chart comes
 * in a wide and a narrow layout so its text stays readable on a phone (`CHART_LAYOUTS`).
 *
 * `chartData` is plain data (it goes into the page fingerprint); `chartSvg` draws it. Every text
 * and attribute value is escaped; numbers are rounded to 0.1 so the bytes are stable.
 */
import type { CeasefireEvent } from '#schemas/event.ts';
import { escapeHtml } from './escape.ts';
import { countryName, theatreColour } from './display.ts';

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

/**
 * The geometry of the chart for one range of screen widths, in viewBox units. The page shows the
 * wide layout on wide screens and the narrow one on phones (html.ts): each is drawn for the width it
 * is shown at, so its text stays about its nominal size (11–16 CSS px) instead of shrinking with the
 * viewBox.
 */
export interface ChartLayout {
  name: 'wide' | 'narrow';
  width: number;
  /**
   * Where the bars start: row labels sit left of them (wide) or above them (narrow, which leaves room
   * for half an axis label, so the first month can be labelled).
   */
  plotLeft: number;
  /** Room right of the bars for each row's total. */
  right: number;
  labelsAbove: boolean;
  labelFont: number;
  axisFont: number;
  /** A tooltip per bar: only where there is a pointer to hover with. */
  barTitles: boolean;
}

export const CHART_LAYOUTS: readonly ChartLayout[] = [
  { name: 'wide', width: 720, plotLeft: 176, right: 44, labelsAbove: false, labelFont: 13, axisFont: 12, barTitles: true },
  { name: 'narrow', width: 320, plotLeft: 34, right: 30, labelsAbove: true, labelFont: 13, axisFont: 12, barTitles: false },
];

const BAR = 22;
const TOP = 6;
const AXIS = 22;
const LABEL_BAND = 16;

const r1 = (n: number) => String(Math.round(n * 10) / 10);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function bucketLabel(data: ChartData, bucket: string): string {
  if (data.unit === 'year') return bucket;
  const [y, m] = bucket.split('-');
  return `${MONTHS[Number.parseInt(m!, 10) - 1]} ${y}`;
}

/**
 * How wide a label can be, at most, in the page's sans-serif fonts: 0.7 em a character (digits are
 * 0.55–0.64 em wide, a space less, "M", the widest letter in the labels, up to 0.86 em).
 */
export function labelWidth(label: string, fontSize: number): number {
  return label.length * 0.7 * fontSize;
}
/** Space kept between two axis labels. */
const LABEL_GAP_EM = 0.8;

/** Tick intervals, in buckets: months (a quarter, half a year, years) or years. */
const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60, 120];
const YEAR_STEPS = [1, 2, 5, 10, 20, 50, 100];

export interface AxisTick {
  bucket: number;
  /** Centre of the label, under the middle of its bucket. */
  x: number;
  label: string;
}

/**
 * The labels of the time axis: the smallest calendar-aligned interval (every month, quarter, half
 * year, year, 2, 5, 10… years) whose labels, at their widest, leave a gap between each other; every
 * label at the start of its interval (January, April…; 2020, 2025…), so they are evenly spaced; from a
 * year up, months are labelled by their year alone. A label that would cross the chart's edge is left
 * out; if that leaves none, the middle bucket is labelled.
 */
export function axisTicks(data: ChartData, layout: ChartLayout): AxisTick[] {
  const n = data.buckets.length;
  const col = (layout.width - layout.plotLeft - layout.right) / n;
  const font = layout.axisFont;
  const tick = (bucket: number, label: string): AxisTick => ({ bucket, x: layout.plotLeft + (bucket + 0.5) * col, label });
  const fits = (t: AxisTick) => t.x - labelWidth(t.label, font) / 2 >= 0 && t.x + labelWidth(t.label, font) / 2 <= layout.width;
  const byMonth = data.unit === 'month';
  const steps = byMonth ? MONTH_STEPS : YEAR_STEPS;
  for (const [i, step] of steps.entries()) {
    const yearsOnly = !byMonth || step >= 12;
    // Every label of this kind is as wide as the widest ("May 2016", "2016").
    const widest = labelWidth(yearsOnly ? '0000' : 'Mmm 0000', font);
    if (step * col < widest + LABEL_GAP_EM * font && i < steps.length - 1) continue;
    const ticks: AxisTick[] = [];
    data.buckets.forEach((bucket, b) => {
      const at = byMonth ? monthIndex(bucket) : Number(bucket);
      if (at % step === 0) ticks.push(tick(b, yearsOnly ? bucket.slice(0, 4) : bucketLabel(data, bucket)));
    });
    const inside = ticks.filter(fits);
    if (inside.length) return inside;
    break;
  }
  const middle = Math.floor((n - 1) / 2);
  return [tick(middle, bucketLabel(data, data.buckets[middle]!))];
}

/**
 * The chart as two <svg> elements, one per layout (the page shows one of them). `hrefFor(theatre)`
 * gives the link of a theatre's label (its page), or undefined for no link.
 */
export function chartSvg(data: ChartData, title: string, hrefFor: (theatre: string) => string | undefined): string {
  return CHART_LAYOUTS.map((layout) => layoutSvg(data, title, hrefFor, layout)).join('\n');
}

function layoutSvg(data: ChartData, title: string, hrefFor: (theatre: string) => string | undefined, layout: ChartLayout): string {
  const { width, plotLeft, labelsAbove } = layout;
  const n = data.buckets.length;
  const col = (width - plotLeft - layout.right) / n;
  const band = labelsAbove ? LABEL_BAND : 0;
  const row = band + BAR + 8;
  const height = TOP + data.series.length * row + AXIS;
  const peak = Math.max(1, ...data.series.flatMap((s) => s.counts));
  const per = data.unit === 'month' ? 'month' : 'year';
  const desc =
    `Developments per ${per} from ${bucketLabel(data, data.buckets[0]!)} to ${bucketLabel(data, data.buckets[n - 1]!)}, ` +
    `one row per theatre (${data.series.length} shown${data.hidden ? `, ${data.hidden} more not shown` : ''}); the tallest bar is ${peak}.`;
  const ids = `chart-title-${layout.name} chart-desc-${layout.name}`;
  const out: string[] = [
    `<svg class="chart ${layout.name}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${ids}">`,
    `<title id="chart-title-${layout.name}">${escapeHtml(title)}</title>`,
    `<desc id="chart-desc-${layout.name}">${escapeHtml(desc)}</desc>`,
  ];
  data.series.forEach((series, r) => {
    const colour = theatreColour(series.theatre);
    const top = TOP + r * row;
    const base = top + band + BAR + 2;
    const label = series.label.length > 25 ? `${series.label.slice(0, 24)}\u2026` : series.label;
    const href = hrefFor(series.theatre);
    const text = `<text x="${labelsAbove ? plotLeft : 0}" y="${r1(labelsAbove ? top + 12 : base - 6)}" fill="currentColor" font-size="${layout.labelFont}">${escapeHtml(label)}</text>`;
    out.push(`<g class="series" data-theatre="${escapeHtml(series.theatre)}">`);
    out.push(`<title>${escapeHtml(`${series.label}: ${series.total} development${series.total === 1 ? '' : 's'}`)}</title>`);
    out.push(href ? `<a href="${escapeHtml(href)}">${text}</a>` : text);
    out.push(
      `<line x1="${plotLeft}" y1="${r1(base)}" x2="${width - layout.right}" y2="${r1(base)}" stroke="currentColor" stroke-opacity="0.25" stroke-width="1"/>`,
    );
    series.counts.forEach((count, b) => {
      if (count === 0) return;
      const h = Math.max(2, (count / peak) * BAR);
      const w = Math.max(1, col - Math.min(2, col * 0.2));
      const x = plotLeft + b * col + (col - w) / 2;
      const rect = `<rect x="${r1(x)}" y="${r1(base - h)}" width="${r1(w)}" height="${r1(h)}" fill="${colour}"`;
      const tip = `${series.label}, ${bucketLabel(data, data.buckets[b]!)}: ${count} development${count === 1 ? '' : 's'}`;
      out.push(layout.barTitles ? `${rect}><title>${escapeHtml(tip)}</title></rect>` : `${rect}/>`);
    });
    out.push(
      `<text x="${width - layout.right + 6}" y="${r1(base - 6)}" fill="currentColor" font-size="${layout.axisFont}" opacity="0.7">${series.total}</text>`,
      '</g>',
    );
  });
  const axisY = TOP + data.series.length * row + 16;
  out.push(`<g class="axis" fill="currentColor" font-size="${layout.axisFont}" opacity="0.8">`);
  for (const { x, label } of axisTicks(data, layout)) {
    out.push(`<text x="${r1(x)}" y="${axisY}" text-anchor="middle">${escapeHtml(label)}</text>`);
  }
  out.push('</g>', '</svg>');
  return out.join('\n');
}
