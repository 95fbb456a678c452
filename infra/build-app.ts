import { App, Validations } from 'aws-cdk-lib';
import { OVERRIDES_CONTEXT_KEY, parseOverrides, stageConfig, type StageConfig } from './config.ts';
import { parseStage, stackName } from './names.ts';
import { AwsSolutionsChecks } from './nag.ts';
import { CeasefireFeedStack } from './stacks/ceasefire-feed-stack.ts';

/** A mistake in `-c stage=...` or in the cdk.json settings: reported without a stack trace. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** Reads the stage and its settings from the app's context (`-c stage=prod`, cdk.json). */
export function configFromContext(app: App): StageConfig {
  try {
    const stage = parseStage(app.node.tryGetContext('stage'));
    return stageConfig(stage, parseOverrides(stage, app.node.tryGetContext(OVERRIDES_CONTEXT_KEY)));
  } catch (error) {
    throw new ConfigurationError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Registers cdk-nag's AwsSolutions pack as a validation plugin: every synth checks the whole app, and an
 * unacknowledged finding fails it. Acknowledgments (with their reasons) are written into the template metadata.
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
}

/** The app with the one stack of the chosen stage, checked by cdk-nag's AwsSolutions pack on synth. */
export function buildApp(app: App = new App()): { app: App; stack: CeasefireFeedStack } {
  const config = configFromContext(app);
  const stack = new CeasefireFeedStack(app, stackName(config.stage), {
    config,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  addNagChecks(app);
  return { app, stack };
}
