import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJsonSchema, schemaFileName, schemaNames } from '#schemas/json-schema.ts';

describe('generated JSON Schema files', () => {
  it.each(schemaNames())('%s is up to date with the zod schema (run `npm run schemas` if not)', (name) => {
    const checkedIn = readFileSync(new URL(`../../schemas/json/${schemaFileName(name)}`, import.meta.url), 'utf8');
    expect(checkedIn).toBe(renderJsonSchema(name));
  });

  it('declares draft 2020-12, an $id and the contract version', () => {
    const document = JSON.parse(renderJsonSchema('ceasefire-event'));
    expect(document.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(document.$id).toMatch(/ceasefire-event\.schema\.json$/);
    expect(document.version).toBe('1');
  });
});
