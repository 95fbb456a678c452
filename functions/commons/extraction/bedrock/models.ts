/** The default model and the list prices the cost estimates use (data: ./models.json). */
import models from './models.json' with { type: 'json' };

export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

export const DEFAULT_MODEL_ID = models.defaultModelId;

export function priceOf(modelId: string): ModelPrice | undefined {
  return (models.prices as Record<string, ModelPrice>)[modelId];
}

/** Dollars for these tokens at the model's list price; undefined when the model has no listed price. */
export function estimateCostUsd(modelId: string, tokens: { inputTokens: number; outputTokens: number }): number | undefined {
  const price = priceOf(modelId);
  if (!price) return undefined;
  return (tokens.inputTokens * price.inputPerMillion + tokens.outputTokens * price.outputPerMillion) / 1_000_000;
}
