/**
 * The S3 -> SQS notification shapes the ingest handler receives, in one place:
 * - `InboxMessageSchema` validates one SQS record whose body is an S3 event notification (or the
 *   `s3:TestEvent` S3 sends when a notification is configured), with the fields ingest reads.
 * - `objectsCreated` turns a validated body into the objects to ingest, with keys URL-decoded.
 * - `s3ObjectCreatedNotification` / `sqsRecord` build the same shapes AWS delivers, for the local runtime
 *   (which feeds the real handler with them) and for tests.
 *
 * Plain zod, not the Powertools parser schemas: every module of @aws-lambda-powertools/parser imports
 * `{ z } from 'zod'`, which makes esbuild bundle all of zod's locales (about 370 KB, a quarter of the
 * ingest bundle's 1.5 MB budget); `import * as z` lets it keep only what is used.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { S3Event, S3EventRecord, SQSRecord } from 'aws-lambda';
import * as z from 'zod';

/** What S3 sends once when a notification configuration is created; it names no object. */
export const S3TestEventSchema = z.object({
  Service: z.literal('Amazon S3'),
  Event: z.literal('s3:TestEvent'),
});

/** One record of an S3 event notification: the fields ingest reads (the schema of the S3 documentation). */
const S3RecordSchema = z.object({
  eventSource: z.literal('aws:s3'),
  eventTime: z.iso.datetime(),
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().nonnegative().optional(),
      eTag: z.string().optional(),
      versionId: z.string().optional(),
    }),
  }),
});

/** A JSON text holding what `schema` validates. */
const jsonText = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `Invalid JSON - ${(error as Error).message}`, fatal: true });
        return z.NEVER;
      }
    })
    .pipe(schema);

/** One SQS record carrying an S3 notification (or the test event) as its JSON body. */
export const InboxMessageSchema = z.object({
  messageId: z.string(),
  body: jsonText(z.union([S3TestEventSchema, z.object({ Records: z.array(S3RecordSchema) })])),
});
export type InboxMessage = z.infer<typeof InboxMessageSchema>;

/** An object named by a notification, its key decoded. */
export interface ObjectRef {
  bucket: string;
  key: string;
  versionId?: string;
  /** When S3 says the object was created (ISO 8601). */
  eventTime: string;
}

/**
 * S3 sends keys URL-encoded as in an HTML form: a space is `+`, everything else that is not safe is
 * %-encoded (UTF-8). `+` must become a space before percent-decoding, or a literal `+` (sent as %2B)
 * and a space could not be told apart.
 */
export function decodeS3Key(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/** The inverse of `decodeS3Key`, as S3 encodes keys in notifications ('/' kept, space as '+'). */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

/** The objects a validated message asks to ingest: ObjectCreated records only; the test event names none. */
export function objectsCreated(body: InboxMessage['body']): ObjectRef[] {
  if (!('Records' in body)) return [];
  return body.Records.filter((record) => record.eventName.startsWith('ObjectCreated:')).map((record) => {
    const ref: ObjectRef = {
      bucket: record.s3.bucket.name,
      key: decodeS3Key(record.s3.object.key),
      eventTime: record.eventTime,
    };
    if (record.s3.object.versionId) ref.versionId = record.s3.object.versionId;
    return ref;
  });
}

// ---------------------------------------------------------------- builders (local runtime, tests)

export interface ObjectCreatedInput {
  bucket: string;
  /** The raw key; it is encoded the way S3 encodes it. */
  key: string;
  size: number;
  eTag?: string;
  /** ISO 8601; defaults to now. */
  eventTime?: string;
  eventName?: string;
  region?: string;
}

/** An S3 event notification for one created object, shaped exactly like the ones S3 sends to SQS. */
export function s3ObjectCreatedNotification(input: ObjectCreatedInput): S3Event {
  const eventTime = input.eventTime ?? new Date().toISOString();
  const record: S3EventRecord = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: input.region ?? 'us-east-1',
    eventTime,
    eventName: (input.eventName ?? 'ObjectCreated:Put') as S3EventRecord['eventName'],
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': randomHex(16), 'x-amz-id-2': randomHex(32) },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'inbox-object-created',
      bucket: { name: input.bucket, ownerIdentity: { principalId: 'LOCAL' }, arn: `arn:aws:s3:::${input.bucket}` },
      object: {
        key: encodeS3Key(input.key),
        size: input.size,
        eTag: (input.eTag ?? '').replace(/"/g, ''),
        sequencer: Date.parse(eventTime).toString(16).toUpperCase().padStart(16, '0'),
      },
    },
  };
  return { Records: [record] };
}

export interface SqsRecordOptions {
  queueArn?: string;
  receiveCount?: number;
  messageId?: string;
  /** Epoch milliseconds the message was first sent. */
  sentAt?: number;
}

/** An SQS record as Lambda's SQS event source delivers it, with `body` as the JSON text of `message`. */
export function sqsRecord(message: unknown, options: SqsRecordOptions = {}): SQSRecord {
  const body = JSON.stringify(message);
  const sentAt = String(options.sentAt ?? Date.now());
  return {
    messageId: options.messageId ?? randomUUID(),
    receiptHandle: randomHex(32),
    body,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: sentAt,
      SenderId: 'LOCAL',
      ApproximateFirstReceiveTimestamp: sentAt,
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: options.queueArn ?? 'arn:aws:sqs:us-east-1:000000000000:ceasefire-feed-local-ingest',
    awsRegion: 'us-east-1',
  };
}

function randomHex(length: number): string {
  return randomUUID().replace(/-/g, '').repeat(2).slice(0, length).toUpperCase();
}
