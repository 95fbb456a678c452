import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeS3Key,
  encodeS3Key,
  InboxMessageSchema,
  objectsCreated,
  s3ObjectCreatedNotification,
  sqsRecord,
} from '#commons/pipeline/s3-events.ts';

/** A notification as S3 delivers it (shape from the S3 documentation), key encoded by S3. */
const AWS_NOTIFICATION = {
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventTime: '2026-03-08T17:50:14.012Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:AIDAINPONIXQXHT3IKHL2' },
      requestParameters: { sourceIPAddress: '205.255.255.255' },
      responseElements: { 'x-amz-request-id': 'D82B88E5F771F645', 'x-amz-id-2': 'vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLW=' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: '828aa6fc-f7b5-4305-8584-487c791949c1',
        bucket: { name: 'ceasefire-inbox', ownerIdentity: { principalId: 'A3I5XTEXAMAI3E' }, arn: 'arn:aws:s3:::ceasefire-inbox' },
        object: { key: 'inbox/Gaza+truce+%2B+talks+%C3%A9t%C3%A9+%281%29.txt', size: 5120, eTag: 'b21b84d653bb07b05b1e6b33684dc11b', sequencer: '0C0F6F405D6ED209E1' },
      },
    },
  ],
};
const TEST_EVENT = {
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2026-10-13T15:57:02.089Z',
  Bucket: 'ceasefire-inbox',
  RequestId: '5582815E1AEA5ADF',
  HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
};

describe('S3 notification keys', () => {
  it('decodes keys as S3 encodes them: + is a space, %2B is a plus', () => {
    expect(decodeS3Key('inbox/Gaza+truce+%2B+talks+%C3%A9t%C3%A9+%281%29.txt')).toBe('inbox/Gaza truce + talks été (1).txt');
    expect(decodeS3Key('inbox/a%2Bb.txt')).toBe('inbox/a+b.txt');
  });

  it('encodes keys the way S3 does and round-trips any key', () => {
    expect(encodeS3Key('inbox/Gaza truce + talks été (1).txt')).toBe('inbox/Gaza+truce+%2B+talks+%C3%A9t%C3%A9+%281%29.txt');
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (key) => decodeS3Key(encodeS3Key(`inbox/${key}`)) === `inbox/${key}`));
  });
});

describe('InboxMessageSchema', () => {
  it('accepts a notification as S3 sends it and yields the decoded object', () => {
    const parsed = InboxMessageSchema.parse(sqsRecord(AWS_NOTIFICATION));
    expect(objectsCreated(parsed.body)).toEqual([
      { bucket: 'ceasefire-inbox', key: 'inbox/Gaza truce + talks été (1).txt', eventTime: '2026-03-08T17:50:14.012Z' },
    ]);
  });

  it('accepts the s3:TestEvent and asks for nothing', () => {
    const parsed = InboxMessageSchema.parse(sqsRecord(TEST_EVENT));
    expect(objectsCreated(parsed.body)).toEqual([]);
  });

  it('ignores records that are not ObjectCreated', () => {
    const removed = structuredClone(AWS_NOTIFICATION);
    removed.Records[0]!.eventName = 'ObjectRemoved:Delete';
    expect(objectsCreated(InboxMessageSchema.parse(sqsRecord(removed)).body)).toEqual([]);
  });

  it('rejects bodies that are not S3 notifications', () => {
    expect(InboxMessageSchema.safeParse({ ...sqsRecord({}), body: 'not json' }).success).toBe(false);
    expect(InboxMessageSchema.safeParse(sqsRecord({ Records: [{ eventSource: 'aws:s3' }] })).success).toBe(false);
  });

  it('the builders make what the schema (and so AWS) expects, with the key encoded', () => {
    const notification = s3ObjectCreatedNotification({ bucket: 'b', key: 'inbox/a b+c.txt', size: 3, eTag: '"abc"' });
    expect(notification.Records[0]!.s3.object.key).toBe('inbox/a+b%2Bc.txt');
    expect(notification.Records[0]!.s3.object.eTag).toBe('abc');
    const parsed = InboxMessageSchema.parse(sqsRecord(notification));
    expect(objectsCreated(parsed.body)[0]!.key).toBe('inbox/a b+c.txt');
  });
});
