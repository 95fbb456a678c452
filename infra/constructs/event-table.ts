import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeNag } from '../nag.ts';
import { Construct } from 'constructs';
import { SOURCE_PARTITIONS, TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE, type IndexDefinition } from '../../functions/commons/store/keys.ts';
import type { StageConfig } from '../config.ts';

/**
 * The single table of articles, events, dropped-object status and followed sources, keyed by the names in
 * functions/commons/store/keys.ts so the adapter and the table cannot drift. Its stream drives the publish
 * function; its TTL forgets the poller's seen-item records and the Bedrock extractor's cached answers and counters.
 */
export class EventTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: { config: StageConfig }) {
    super(scope, id);
    const { config } = props;
    const str = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: str(TABLE_KEYS.partitionKey),
      sortKey: str(TABLE_KEYS.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // The publish function only needs to know that something changed; it rebuilds the feeds from a Query.
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: config.pointInTimeRecovery },
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });
    for (const index of Object.values(TABLE_INDEXES) as IndexDefinition[]) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: str(index.partitionKey),
        sortKey: str(index.sortKey),
        ...(index.include
          ? { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...index.include] }
          : { projectionType: dynamodb.ProjectionType.ALL }),
      });
    }

    if (!config.pointInTimeRecovery) {
      acknowledgeNag(
        this.table,
        {
          id: 'AwsSolutions-DDB3',
          reason:
            `Point-in-time recovery is a prod setting. In ${config.stage} the table is disposable: it is rebuilt by ` +
            'dropping the articles again, and the stage is destroyed with `cdk destroy`.',
        },
      );
    }
  }

  private indexArns(): string[] {
    return Object.values(TABLE_INDEXES).map((index) => `${this.table.tableArn}/index/${index.name}`);
  }

  /**
   * Item reads and writes for ingest: conditional puts, updates and transactions, plus Query on the two indexes.
   * No Scan (the design reads with Query only) and no table management actions.
   */
  grantIngest(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'dynamodb:ConditionCheckItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:BatchWriteItem',
        ],
        resources: [this.table.tableArn],
      }),
    );
    this.grantIndexQuery(grantee);
  }

  /** Reads for publish: the feed is rebuilt with Query (the `feed` index) and GetItem; it writes nothing here. */
  grantPublish(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        resources: [this.table.tableArn],
      }),
    );
    this.grantIndexQuery(grantee);
  }

  /**
   * The poller's own items and nothing else: the sources partition and the seen-item partitions
   * (`dynamodb:LeadingKeys` on their partition keys). It lists sources with Query, looks up and remembers
   * item ids (GetItem, PutItem), adds missing default sources (PutItem) and records polls (UpdateItem).
   */
  grantSources(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [SOURCE_PARTITIONS.sources, `${SOURCE_PARTITIONS.seenPrefix}*`] },
        },
      }),
    );
  }

  private grantIndexQuery(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: this.indexArns() }),
    );
  }
}
