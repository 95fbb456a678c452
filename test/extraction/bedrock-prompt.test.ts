/**
 * The system prompt is data with a version: it says what counts as a development exactly as the docs
 * do, and it cannot change without a new version (cached answers and events are keyed by it).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import prompt from '#commons/extraction/bedrock/prompt.json' with { type: 'json' };
import { PROMPT_VERSION, systemPrompt } from '#commons/extraction/bedrock/conversation.ts';

/** The paragraph that introduces a section's list, and the list's items, with wrapped lines joined. */
function section(markdown: string, heading: string): { intro: string; bullets: string[] } {
  const body = markdown.split(`\n## ${heading}\n`)[1]?.split(/\n## /)[0] ?? '';
  const paragraphs: string[][] = [[]];
  const bullets: string[] = [];
  for (const line of body.split('\n')) {
    if (line.startsWith('- ')) bullets.push(line.slice(2).trim());
    else if (/^\s+\S/.test(line) && bullets.length) bullets[bullets.length - 1] += ` ${line.trim()}`;
    else if (bullets.length) break;
    else if (line.trim()) paragraphs.at(-1)!.push(line.trim());
    else paragraphs.push([]);
  }
  const intro = paragraphs.filter((p) => p.length).at(-1) ?? [];
  return { intro: intro.join(' '), bullets };
}

/** Each prompt version and the hash of its content: edit the prompt, raise the version, add its hash here. */
const PROMPT_HASHES: Record<string, string> = {
  '1': '12b0890ea4f05c79aac649f91c5dbee9028ec68078a1faa9a24c9cbdf44c8189',
};

describe('the Bedrock system prompt', () => {
  const { definitionsHeading, definitionsIntro, definitions } = prompt.system;

  it('states what counts as a development word for word as docs/extraction.md does', () => {
    const docs = section(readFileSync(new URL('../../docs/extraction.md', import.meta.url), 'utf8'), definitionsHeading);
    expect(docs.bullets).toEqual(definitions);
    expect(docs.intro).toBe(definitionsIntro);
  });

  const design = new URL('../../../shared/docs/design.md', import.meta.url);
  it.skipIf(!existsSync(design))('and as the design brief does', () => {
    const brief = section(readFileSync(design, 'utf8'), definitionsHeading);
    expect(brief.bullets).toEqual(definitions);
    expect(brief.intro).toBe(definitionsIntro);
  });

  it('carries every definition and rule into the text the model reads', () => {
    const text = systemPrompt();
    for (const line of [...definitions, ...prompt.system.rules]) expect(text).toContain(`- ${line}`);
  });

  it('has a new version whenever its content changes', () => {
    const { about: _about, ...content } = prompt;
    const hash = createHash('sha256').update(JSON.stringify(content)).digest('hex');
    expect(PROMPT_HASHES[PROMPT_VERSION], `prompt.json changed: raise "version" and pin its hash (${hash})`).toBe(hash);
  });
});
