#!/usr/bin/env node
/**
 * The baseline `npm run bench` compares `ceasefire-feed extract` with: a naive NLP extractor that parses
 * each file with compromise (tokens, tags, sentences, people, places) and runs chrono-node over the
 * whole text, printing JSON as `extract --json` does. Usage: node bench/compromise-baseline.mjs FILE...
 */
import { readFileSync } from 'node:fs';
import * as chrono from 'chrono-node';
import nlp from 'compromise';

const out = process.argv.slice(2).map((file) => {
  const text = readFileSync(file, 'utf8');
  const doc = nlp(text);
  return {
    file,
    sentences: doc.sentences().length,
    people: doc.people().out('array'),
    places: doc.places().out('array'),
    dates: chrono.parse(text).map((d) => ({ text: d.text, date: d.start.date().toISOString() })),
  };
});
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
