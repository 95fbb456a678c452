/** The UTC day a model call is counted on (the cap resets at midnight UTC). Its own module: the Bedrock extractor needs it without the ledger's AWS SDK clients. */
export const usageDay = (at: Date): string => at.toISOString().slice(0, 10);
