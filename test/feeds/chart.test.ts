/**
 * The chart's time axis: its labels never touch, are evenly spaced at calendar steps and stay inside
 * the chart, over every span the chart draws (1 to 48 months, 1 to 80 years) in both layouts.
 */
import { describe, expect, it } from 'vitest';
import { CHART_LAYOUTS, axisTicks, chartSvg, type ChartData } from '#commons/feeds/chart.ts';

/**
 * How wide a label is at most, measured apart from the renderer's own estimate: generous advance
 * widths of a sans-serif font (DejaVu Sans, the widest common one, has M 0.86 em, digits 0.64 em).
 */
function widestExtent(label: string, fontSize: number): number {
  let em = 0;
  for (const c of label) em += c === ' ' ? 0.35 : /[MW]/.test(c) ? 0.9 : 0.65;
  return em * fontSize;
}

const pad = (n: number) => String(n).padStart(2, '0');

function monthData(startYear: number, startMonth: number, months: number): ChartData {
  const buckets = Array.from({ length: months }, (_, i) => {
    const m = startMonth + i;
    return `${startYear + Math.floor(m / 12)}-${pad((m % 12) + 1)}`;
  });
  return { unit: 'month', buckets, series: [{ theatre: 'SY', label: 'Syria', total: months, counts: buckets.map(() => 1) }], hidden: 0, outside: 0 };
}

function yearData(startYear: number, years: number): ChartData {
  const buckets = Array.from({ length: years }, (_, i) => String(startYear + i));
  return { unit: 'year', buckets, series: [{ theatre: 'SY', label: 'Syria', total: years, counts: buckets.map(() => 1) }], hidden: 0, outside: 0 };
}

/** The axis labels of each <svg> in the chart's markup, with the font size of their group. */
function axisLabels(markup: string): { layout: string; width: number; font: number; labels: { x: number; text: string }[] }[] {
  return [...markup.matchAll(/<svg class="chart (\w+)"[^>]*viewBox="0 0 (\d+) \d+"[\s\S]*?<g class="axis"[^>]*font-size="(\d+)"[^>]*>([\s\S]*?)<\/g>/g)].map((m) => ({
    layout: m[1]!,
    width: Number(m[2]),
    font: Number(m[3]),
    labels: [...m[4]!.matchAll(/<text x="([\d.]+)"[^>]*text-anchor="middle">([^<]+)<\/text>/g)].map((t) => ({ x: Number(t[1]), text: t[2]! })),
  }));
}

function checkAxis(data: ChartData, what: string): void {
  const svgs = axisLabels(chartSvg(data, 'Developments', () => undefined));
  expect(svgs.map((s) => s.layout), what).toEqual(CHART_LAYOUTS.map((l) => l.name));
  for (const { layout, width, font, labels } of svgs) {
    const at = `${what}, ${layout}`;
    expect(labels.length, at).toBeGreaterThan(0);
    const extents = labels.map(({ x, text }) => [x - widestExtent(text, font) / 2, x + widestExtent(text, font) / 2] as const);
    for (const [start, end] of extents) {
      expect(start, at).toBeGreaterThanOrEqual(0);
      expect(end, at).toBeLessThanOrEqual(width);
    }
    for (let i = 1; i < extents.length; i++) expect(extents[i - 1]![1], `${at}: ${labels[i - 1]!.text} / ${labels[i]!.text}`).toBeLessThan(extents[i]![0]);
    // Evenly spaced: the same distance between any two neighbours (up to the 0.1 rounding).
    const gaps = labels.slice(1).map((l, i) => l.x - labels[i]!.x);
    for (const gap of gaps) expect(Math.abs(gap - gaps[0]!), `${at}: ${labels.map((l) => l.text).join(', ')}`).toBeLessThan(0.21);
  }
}

describe('the time axis of the chart', () => {
  it('never lets two labels touch, keeps them inside the chart and evenly spaced, for every span of months', () => {
    for (let months = 1; months <= 48; months++) {
      for (let start = 0; start < 12; start++) checkAxis(monthData(2016, start, months), `${months} months from month ${start + 1}`);
    }
  });

  it('and for every span of years', () => {
    for (let years = 1; years <= 80; years++) checkAxis(yearData(1947, years), `${years} years`);
  });

  it('labels calendar steps: months, quarters or half years by name, longer steps by year', () => {
    const labels = (data: ChartData, layout: string) => axisTicks(data, CHART_LAYOUTS.find((l) => l.name === layout)!).map((t) => t.label);
    // The spans a user found broken: 17 months from March 2016, and April to July 2017.
    expect(labels(monthData(2016, 2, 17), 'wide')).toEqual(['Apr 2016', 'Jul 2016', 'Oct 2016', 'Jan 2017', 'Apr 2017', 'Jul 2017']);
    expect(labels(monthData(2017, 3, 4), 'wide')).toEqual(['Apr 2017', 'May 2017', 'Jun 2017', 'Jul 2017']);
    expect(labels(monthData(2016, 0, 12), 'wide')).toEqual(['Jan 2016', 'Mar 2016', 'May 2016', 'Jul 2016', 'Sep 2016', 'Nov 2016']);
    expect(labels(monthData(2016, 0, 12), 'narrow')).toEqual(['Jan 2016', 'Jul 2016']);
    expect(labels(monthData(2016, 0, 24), 'wide')).toEqual(['Jan 2016', 'Jul 2016', 'Jan 2017', 'Jul 2017']);
    expect(labels(monthData(2016, 0, 48), 'wide')).toEqual(['2016', '2017', '2018', '2019']);
    expect(labels(monthData(2016, 0, 48), 'narrow')).toEqual(['2016', '2017', '2018', '2019']);
    expect(labels(yearData(1990, 36), 'wide')).toEqual(['1990', '1995', '2000', '2005', '2010', '2015', '2020', '2025']);
    expect(labels(yearData(1990, 36), 'narrow')).toEqual(['1990', '2000', '2010', '2020']);
    expect(labels(monthData(2016, 4, 1), 'narrow')).toEqual(['May 2016']);
  });
});
