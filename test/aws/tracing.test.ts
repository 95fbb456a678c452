/**
 * The handlers' tracing glue with a real Powertools Tracer and X-Ray SDK: as in Lambda, a segment is open
 * when the handler runs; the helpers add the `## handler` and `### work` subsegments with the annotations
 * an operator filters on. Outside Lambda the same helpers only run the work.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import AWSXRay from 'aws-xray-sdk-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { traced, traceInvocation } from '#commons/aws/tracing.ts';

type SubsegmentLike = { name: string; annotations?: Record<string, unknown>; subsegments?: SubsegmentLike[]; fault?: boolean; error?: boolean };

describe('tracing in Lambda', () => {
  let tracer: Tracer;
  beforeAll(() => {
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs22.x');
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'true');
    vi.stubEnv('_HANDLER', 'index.handler');
    // Closed segments are sent over UDP to the X-Ray daemon address; keep them on this machine.
    AWSXRay.setDaemonAddress('127.0.0.1:2000');
    AWSXRay.setLogger({ error: () => {}, warn: () => {}, info: () => {}, debug: () => {} });
    tracer = new Tracer({ serviceName: 'ceasefire-feed-test', captureHTTPsRequests: false });
  });
  afterAll(() => vi.unstubAllEnvs());

  /** Runs `work` with an open segment, as Lambda does with active tracing, and returns the segment. */
  const inSegment = async (work: () => Promise<unknown>) => {
    const segment = new AWSXRay.Segment('ceasefire-feed-test');
    await AWSXRay.getNamespace().runAndReturn(async () => {
      tracer.setSegment(segment);
      await work().catch(() => {});
    });
    return segment as unknown as SubsegmentLike;
  };

  it('puts each unit of work in its own subsegment with its annotations, under the handler subsegment', async () => {
    const handler = traceInvocation(tracer, async (keys: string[]) =>
      Promise.all(
        keys.map((key) =>
          traced(tracer, 'ingestObject', { objectKey: key, source: 'reuters-world' }, async (annotate) => {
            annotate({ articleId: `article-of-${key}` });
            return key.length;
          }),
        ),
      ),
    );
    const segment = await inSegment(() => handler(['inbox/a.html', 'inbox/b.json']));
    const [invocation] = segment.subsegments!;
    expect(invocation!.name).toBe('## index.handler');
    expect(invocation!.annotations).toEqual({ ColdStart: expect.any(Boolean), Service: 'ceasefire-feed-test' });
    expect(invocation!.subsegments!.map((s) => [s.name, s.annotations])).toEqual([
      ['### ingestObject', { objectKey: 'inbox/a.html', source: 'reuters-world', articleId: 'article-of-inbox/a.html' }],
      ['### ingestObject', { objectKey: 'inbox/b.json', source: 'reuters-world', articleId: 'article-of-inbox/b.json' }],
    ]);
  });

  it('marks the failed unit of work and passes its error on', async () => {
    let thrown: unknown;
    const segment = await inSegment(async () => {
      thrown = await traced(tracer, 'pollSource', { source: 'broken' }, async () => {
        throw new Error('boom');
      }).catch((error: unknown) => error);
    });
    expect((thrown as Error).message).toBe('boom');
    const [work] = segment.subsegments!;
    expect(work!.annotations).toEqual({ source: 'broken' });
    expect(work!.fault || work!.error).toBe(true);
  });
});

describe('tracing outside Lambda', () => {
  it('just runs the work', async () => {
    const tracer = new Tracer();
    expect(tracer.isTracingEnabled()).toBe(false);
    const annotations: unknown[] = [];
    const result = await traceInvocation(tracer, async (n: number) =>
      traced(tracer, 'work', { source: 's' }, async (annotate) => {
        annotate({ articleId: 'a' });
        annotations.push('ran');
        return n * 2;
      }),
    )(21);
    expect(result).toBe(42);
    expect(annotations).toEqual(['ran']);
  });
});
