/** Renders the zod schemas as JSON Schema (draft 2020-12) documents with `$id` and version. */
import * as z from 'zod';
import { PUBLISHED_SCHEMAS, SCHEMA_BASE_URL, SCHEMA_VERSION } from './event.ts';

export type SchemaName = keyof typeof PUBLISHED_SCHEMAS;

export function renderJsonSchema(name: SchemaName): string {
  const document = z.toJSONSchema(PUBLISHED_SCHEMAS[name], { target: 'draft-2020-12', io: 'output' });
  const { $schema, ...rest } = document as Record<string, unknown>;
  const withId = { $schema, $id: `${SCHEMA_BASE_URL}${name}.schema.json`, version: SCHEMA_VERSION, ...rest };
  return `${JSON.stringify(withId, null, 2)}\n`;
}

export const schemaFileName = (name: SchemaName) => `${name}.schema.json`;
export const schemaNames = () => Object.keys(PUBLISHED_SCHEMAS) as SchemaName[];
