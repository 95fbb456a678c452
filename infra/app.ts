/**
 * The CDK app (cdk.json: `npx tsx infra/app.ts`): one stack per stage, chosen with `-c stage=dev|staging|prod`
 * (default dev).
 *
 *   npx cdk synth -c stage=prod
 *   npx cdk deploy -c stage=prod
 *
 * cdk-nag's AwsSolutions pack runs on every synth; an unsuppressed error fails it.
 */
import { buildApp, ConfigurationError } from './build-app.ts';

try {
  buildApp().app.synth();
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  console.error(`ceasefire-feed: ${error.message}`);
  process.exit(1);
}
