/** `npm run schemas`: writes schemas/json/*.schema.json from the zod definitions. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderJsonSchema, schemaFileName, schemaNames } from './json-schema.ts';

const outDir = fileURLToPath(new URL('./json/', import.meta.url));
mkdirSync(outDir, { recursive: true });
for (const name of schemaNames()) {
  writeFileSync(`${outDir}${schemaFileName(name)}`, renderJsonSchema(name));
  console.log(`wrote schemas/json/${schemaFileName(name)}`);
}
