/**
 * Powertools Tracer wiring shared by the handlers, as the Powertools examples instrument a function by
 * hand: a `## <handler>` subsegment per invocation with the ColdStart and Service annotations, the AWS
 * SDK clients captured (node:http and fetch are captured by the Tracer itself), and a `### <name>`
 * subsegment per unit of work (a dropped object, a followed source) carrying the annotations an
 * operator filters traces on. Outside Lambda, or with POWERTOOLS_TRACE_ENABLED=false, the Tracer is
 * disabled and every function here just runs the work.
 */
import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { Pipeline } from '#commons/pipeline/runtime.ts';

/**
 * Annotation keys: X-Ray indexes them, so one story is followed from the publisher's feed to the feed
 * item with filter expressions such as `annotation.source = "reuters-world"`,
 * `annotation.objectKey = "inbox/sources/reuters-world/1f3a.html"` or `annotation.articleId CONTAINS "9c2e"`.
 */
export const ANNOTATION = { source: 'source', objectKey: 'objectKey', articleId: 'articleId' } as const;
export type Annotations = Partial<Record<(typeof ANNOTATION)[keyof typeof ANNOTATION], string | undefined>>;

/** X-Ray keeps annotation values short; a list of article ids is cut to this many characters. */
const MAX_ANNOTATION_CHARS = 1000;

/** Trace the pipeline's S3 and DynamoDB calls (the document client shares its base client's middleware). */
export function traceClients(tracer: Tracer, pipeline: Pick<Pipeline, 's3' | 'dynamo'>): void {
  tracer.captureAWSv3Client(pipeline.s3);
  tracer.captureAWSv3Client(pipeline.dynamo);
}

/** One invocation in a `## <handler>` subsegment of the segment Lambda opened. */
export function traceInvocation<A extends unknown[], R>(tracer: Tracer, handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const segment = tracer.getSegment();
    const subsegment = segment?.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
    if (subsegment) tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await handler(...args);
    } catch (error) {
      tracer.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      if (segment && subsegment) {
        subsegment.close();
        tracer.setSegment(segment);
      }
    }
  };
}

/** `work` in a `### <name>` subsegment with `annotations`; `annotate` adds more once they are known. */
export async function traced<T>(
  tracer: Tracer,
  name: string,
  annotations: Annotations,
  work: (annotate: (more: Annotations) => void) => Promise<T>,
): Promise<T> {
  const annotate = (more: Annotations) => {
    for (const [key, value] of Object.entries(more)) if (value !== undefined) tracer.putAnnotation(key, value.slice(0, MAX_ANNOTATION_CHARS));
  };
  if (!tracer.isTracingEnabled()) return work(() => {});
  return tracer.provider.captureAsyncFunc(`### ${name}`, async (subsegment) => {
    try {
      annotate(annotations);
      return await work(annotate);
    } catch (error) {
      tracer.addErrorAsMetadata(error as Error);
      throw error;
    } finally {
      subsegment?.close();
    }
  }) as Promise<T>;
}

/** `traced` bound to a tracer, for domain code that takes a tracing hook rather than the Tracer. */
export type Trace = <T>(name: string, annotations: Annotations, work: (annotate: (more: Annotations) => void) => Promise<T>) => Promise<T>;
export const untraced: Trace = (_name, _annotations, work) => work(() => {});
export const traceWith =
  (tracer: Tracer): Trace =>
  (name, annotations, work) =>
    traced(tracer, name, annotations, work);
