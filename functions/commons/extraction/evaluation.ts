/**
 * Scores extracted events against a hand-labelled gold file exactly as the shared scorer
 * (../shared/tools/score-extraction.mjs) does: the same checks, the same best-event choice, the same
 * precision (a maximum bipartite matching of events to labelled developments in `"exhaustive": true`
 * articles, `others` included), the same text-only date checks and negatives, the same report lines.
 * Only the extraction differs: it runs in-process, with any backend (`ceasefire-feed eval`).
 * test/extraction/evaluation.test.ts runs both on the same gold files and compares every line.
 */

/** One labelled development: each field lists the accepted values. */
export interface GoldSpec {
  type: string[];
  occurred?: string[];
  effective?: string[];
  venue?: (string | null)[];
  areas?: string[];
  theatre?: string | string[];
  parties?: string[];
  excluded?: string[];
  mediators?: string[];
  people?: string[];
  note?: string;
}

export interface GoldArticle {
  file: string;
  published?: string;
  textOnlyDate: { expect: string | null | 'ambiguous' };
  primary: GoldSpec;
  secondary?: GoldSpec[];
  others?: GoldSpec[];
  exhaustive?: boolean;
}

export interface GoldFile {
  articles: GoldArticle[];
  negatives?: { files: string[] };
}

/** What `extract --json` gives for one file: one entry per article read (events are plain JSON). */
export type FileExtraction = { events?: ScoredEvent[] }[] | { error: string };

/** The fields of an event the checks read, loosely typed as the scorer reads JSON. */
export type ScoredEvent = Record<string, any>;

export interface EvaluationOptions {
  textOnly?: boolean;
  verbose?: boolean;
}

export interface Evaluation {
  /** Every line the shared scorer prints, in its order, including `precision:`, the summary and `score:`. */
  lines: string[];
  passed: number;
  failed: number;
  score: number;
  /** Over exhaustive articles: events a labelled development accounts for, of all events extracted. */
  accounted: number;
  emitted: number;
}

const norm = (s: unknown) =>
  String(s ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
const dateOf = (d: unknown) => (d && typeof d === 'object' ? (d as { date?: string }).date : d) ?? null;
const ids = (list: unknown[] | undefined) =>
  new Set((list ?? []).map((a) => norm(typeof a === 'string' ? a : ((a as ScoredEvent).id ?? (a as ScoredEvent).code ?? (a as ScoredEvent).name))));
const names = (list: unknown[] | undefined) => (list ?? []).map((a) => norm(typeof a === 'string' ? a : (a as ScoredEvent).name));
const placeNames = (ev: ScoredEvent): string[] =>
  [ev.venue?.name, ...(ev.theatre?.areas ?? []).map((a: ScoredEvent) => a.name), ...(ev.locations ?? []).map((a: ScoredEvent) => a.name)]
    .filter(Boolean)
    .map(norm);

type Check = (ev: ScoredEvent, want: any) => boolean;
const eitherId = (list: unknown[] | undefined) => (w: string) => w.split('|').some((a) => ids(list).has(norm(a)));

const checks: Record<string, Check> = {
  type: (ev, want: string[]) => want.includes(ev.type),
  occurred: (ev, want: unknown[]) => want.includes(dateOf(ev.occurred)),
  effective: (ev, want: unknown[]) => want.includes(dateOf(ev.effective)),
  venue: (ev, want: (string | null)[]) => want.some((w) => (w === null ? !ev.venue : placeNames(ev).some((p) => p.includes(norm(w))))),
  areas: (ev, want: string[]) => want.every((w) => placeNames(ev).some((p) => p.includes(norm(w)))),
  theatre: (ev, want: string | string[]) => [want].flat().some((w) => norm(ev.theatre?.country) === norm(w)),
  // An actor written 'au|african-union' may carry either id.
  parties: (ev, want: string[]) => want.every(eitherId(ev.parties)),
  excluded: (ev, want: string[]) => want.every(eitherId(ev.excluded)),
  mediators: (ev, want: string[]) => want.every(eitherId(ev.mediators)),
  people: (ev, want: string[]) => want.every((w) => names(ev.people).some((n) => n.includes(norm(w).split(' ').pop()!))),
};

const fieldsOf = (spec: object) => Object.keys(spec).filter((k) => k in checks);
const agreement = (ev: ScoredEvent, spec: GoldSpec) => fieldsOf(spec).filter((k) => checks[k]!(ev, spec[k as keyof GoldSpec])).length;
const best = (events: ScoredEvent[], spec: GoldSpec) =>
  events.reduce<ScoredEvent | null>((b, ev) => (agreement(ev, spec) > (b ? agreement(b, spec) : -1) ? ev : b), null);

const accepts = (dev: GoldSpec, ev: ScoredEvent) =>
  dev.type.includes(ev.type) &&
  (!dev.occurred ||
    dev.occurred.some((d) => String(dateOf(ev.occurred) ?? '').startsWith(d) || d.startsWith(String(dateOf(ev.occurred) ?? '-'))));

/** Events that no labelled development accounts for, one event per development (augmenting paths). */
function unaccounted(events: ScoredEvent[], devs: GoldSpec[]): ScoredEvent[] {
  const owner = new Array<number>(devs.length).fill(-1);
  const tryAssign = (e: number, seen: Set<number>): boolean =>
    devs.some((dev, d) => {
      if (seen.has(d) || !accepts(dev, events[e]!)) return false;
      seen.add(d);
      if (owner[d]! < 0 || tryAssign(owner[d]!, seen)) {
        owner[d] = e;
        return true;
      }
      return false;
    });
  return events.filter((_, e) => !tryAssign(e, new Set()));
}

const describe = (ev: ScoredEvent) =>
  `${ev.type} ${dateOf(ev.occurred) ?? '?'} ${ev.theatre?.country ?? '?'}: ${String(ev.headline ?? ev.summary ?? '').slice(0, 90)}`;

function shown(ev: ScoredEvent | null, k: string): unknown {
  if (!ev) return null;
  if (k === 'occurred' || k === 'effective') return dateOf(ev[k]);
  if (k === 'type') return ev.type;
  if (k === 'theatre') return ev.theatre?.country;
  if (k === 'venue' || k === 'areas') return placeNames(ev);
  return [...ids(ev[k])];
}

/**
 * Scores `gold`, calling `extract(file, published)` for each labelled article (file paths as written in
 * the gold file, relative to it) and `extract(file)` for each negative.
 */
export async function evaluate(
  gold: GoldFile,
  extract: (file: string, published?: string) => Promise<FileExtraction>,
  options: EvaluationOptions = {},
): Promise<Evaluation> {
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  let emitted = 0;
  let accounted = 0;
  const report = (ok: boolean, what: string) => {
    if (ok) passed++;
    else failed++;
    lines.push(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  };

  for (const art of gold.articles) {
    const res = await extract(art.file, options.textOnly ? undefined : art.published);
    if ('error' in res) {
      report(false, `${art.file}: extractor failed: ${res.error}`);
      continue;
    }
    const events = res.flatMap((r) => r.events ?? []);
    if (options.verbose) lines.push(JSON.stringify(events, null, 1).slice(0, 4000));
    if (options.textOnly) {
      const ev = best(events, { type: art.primary.type });
      const d = ev?.occurred;
      const exp = art.textOnlyDate.expect;
      if (exp === 'ambiguous') report(Boolean(d?.ambiguous?.length) || (d?.alternatives ?? []).length > 1, `${art.file}: text-only date flagged ambiguous (${JSON.stringify(d)})`);
      else if (exp === null) report(!d || d.basis !== 'explicit', `${art.file}: text-only date not claimed as explicit (${JSON.stringify(d)})`);
      else report(dateOf(d) === exp, `${art.file}: text-only date ${dateOf(d)} (want ${exp})`);
      continue;
    }
    report(events.length > 0, `${art.file}: relevant, ${events.length} event(s)`);
    const ev = best(events, art.primary);
    for (const k of fieldsOf(art.primary)) {
      const want = art.primary[k as keyof GoldSpec];
      const ok = Boolean(ev) && checks[k]!(ev!, want);
      report(ok, `${art.file}: primary ${k} = ${JSON.stringify(shown(ev, k))} (want ${JSON.stringify(want)})`);
    }
    for (const sec of art.secondary ?? []) {
      const s = best(
        events.filter((e) => e !== ev || sec.type.includes(e.type)),
        sec,
      );
      const ok = Boolean(s) && fieldsOf(sec).every((k) => checks[k]!(s!, sec[k as keyof GoldSpec]));
      report(ok, `${art.file}: secondary ${sec.type.join('|')} ${sec.note ?? ''}`.trim());
    }
    if (art.exhaustive) {
      const extras = unaccounted(events, [art.primary, ...(art.secondary ?? []), ...(art.others ?? [])]);
      emitted += events.length;
      accounted += events.length - extras.length;
      for (const extra of extras) report(false, `${art.file}: extra event, reported by no labelled development: ${describe(extra)}`);
      if (!extras.length) report(true, `${art.file}: no extra event (${events.length} event(s), all labelled developments)`);
    }
  }

  if (!options.textOnly && gold.negatives) {
    for (const f of gold.negatives.files) {
      const res = await extract(f);
      if ('error' in res) {
        report(false, `${f}: extractor failed: ${res.error}`);
        continue;
      }
      const n = res.reduce((s, r) => s + (r.events?.length ?? 0), 0);
      report(n === 0 && res.length > 0, `${f}: ${res.length} item(s) read, ${n} event(s) (want items read and 0 events)`);
    }
  }

  if (emitted) lines.push(`precision: ${(accounted / emitted).toFixed(3)} (${accounted} of ${emitted} extracted events are labelled developments)`);
  lines.push(`${passed} passed, ${failed} failed`);
  const score = passed / Math.max(1, passed + failed);
  lines.push(`score: ${score.toFixed(3)}`);
  return { lines, passed, failed, score, accounted, emitted };
}
