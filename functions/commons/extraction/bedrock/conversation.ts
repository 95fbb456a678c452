/**
 * The Converse request the Bedrock extractor sends and how it reads the answer. The system prompt,
 * the article message and the repair message are data (./prompt.json); the tool's input schema is the
 * generated `schemas/json/extraction-tool-input.schema.json`, itself from the zod schema that parses
 * the answer. The article goes only into the user message, between <article> tags it cannot close.
 */
import type { ConverseCommandInput, ConverseCommandOutput, Message, TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import toolSchemaDocument from '#schemas/json/extraction-tool-input.schema.json' with { type: 'json' };
import { type Article, type DateRef, type ExtractionToolInput, ExtractionToolInputSchema } from '#schemas/event.ts';
import prompt from './prompt.json' with { type: 'json' };

export const PROMPT_VERSION = prompt.version;

/** Deterministic output: the same article and prompt give the same answer as far as the model allows. */
const TEMPERATURE = 0;
/** Room for a dozen developments with their evidence; an answer cut off here is invalid output. */
const MAX_OUTPUT_TOKENS = 4096;

export function systemPrompt(): string {
  const { task, definitionsHeading, definitionsIntro, definitions, rulesHeading, rules } = prompt.system;
  return [
    task.join('\n\n'),
    `# ${definitionsHeading}\n\n${definitionsIntro}\n${definitions.map((d) => `- ${d}`).join('\n')}`,
    `# ${rulesHeading}\n\n${rules.map((r) => `- ${r}`).join('\n')}`,
  ].join('\n\n');
}

/** The JSON Schema document minus the keywords that identify the published file. */
function toolInputSchema(): Record<string, unknown> {
  const { $schema: _schema, $id: _id, version: _version, ...schema } = toolSchemaDocument as Record<string, unknown>;
  return schema;
}

/** An article that writes "</article>" cannot end the quoted article early and speak as the user. */
const neutraliseTags = (text: string) => text.replace(/<(\/?)(article)/gi, '‹$1$2');

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');

/** `reference`: the article's date as the rules read it (supplied, written at the top, else its arrival). */
export function articleMessage(article: Article, reference: DateRef): string {
  const date = reference.basis === 'received' ? fill(prompt.unknownDate, { received: reference.date }) : reference.date;
  return fill(prompt.articleMessage, { date, title: neutraliseTags(article.title), body: neutraliseTags(article.body) });
}

export function firstTurn(article: Article, reference: DateRef): Message[] {
  return [{ role: 'user', content: [{ text: articleMessage(article, reference) }] }];
}

export function converseInput(modelId: string, messages: Message[]): ConverseCommandInput {
  return {
    modelId,
    system: [{ text: systemPrompt() }],
    messages,
    toolConfig: {
      tools: [{ toolSpec: { name: prompt.tool.name, description: prompt.tool.description, inputSchema: { json: toolInputSchema() as never } } }],
      // `any` with a single tool makes the model call it; more models support it than naming the tool.
      toolChoice: { any: {} },
    },
    inferenceConfig: { temperature: TEMPERATURE, maxTokens: MAX_OUTPUT_TOKENS },
  };
}

export type Answer =
  | { ok: true; toolInput: ExtractionToolInput }
  /** `retry`: the conversation so far plus the message that asks the model to correct itself. */
  | { ok: false; problem: string; retry: Message[] };

/** Reads the tool call out of an answer and parses it with zod; unknown fields are dropped, never trusted. */
export function readAnswer(messages: Message[], output: ConverseCommandOutput): Answer {
  const reply = output.output?.message;
  const toolUse = reply?.content?.find((block) => block.toolUse?.name === prompt.tool.name)?.toolUse;
  if (!reply || !toolUse) {
    const problem = `no ${prompt.tool.name} call (stop reason ${output.stopReason ?? 'unknown'})`;
    const retry = reply ? [...messages, reply, { role: 'user' as const, content: [{ text: prompt.repair.noToolCall }] }] : messages;
    return { ok: false, problem, retry };
  }
  const parsed = ExtractionToolInputSchema.safeParse(toolUse.input);
  if (parsed.success && output.stopReason !== 'max_tokens') return { ok: true, toolInput: parsed.data };
  const issues = parsed.success
    ? 'the answer was cut off at the output limit'
    : parsed.error.issues.slice(0, 8).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return {
    ok: false,
    problem: `invalid tool input: ${issues}`,
    retry: [
      ...messages,
      reply,
      {
        role: 'user',
        content: [{ toolResult: { toolUseId: toolUse.toolUseId, status: 'error', content: [{ text: fill(prompt.repair.invalidInput, { issues }) }] } }],
      },
    ],
  };
}

export const tokensOf = (usage: TokenUsage | undefined) => ({ inputTokens: usage?.inputTokens ?? 0, outputTokens: usage?.outputTokens ?? 0 });
