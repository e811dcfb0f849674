/**
 * Zod schemas of Knit's webhook events. Source: Knit's employee sync guide (shared/knit/README.md,
 * "Webhook delivery"). The envelope minimum decides acceptance (400 below it); the per-type schemas only
 * produce warnings, because an event Knit sent must be stored and answered 200 whatever its shape.
 * Every schema is loose: unknown keys are kept, never stripped.
 */
import { z } from 'zod';

export const KNIT_EVENT_TYPES = ['record.new', 'record.modified', 'record.deleted', 'sync.events.processed', 'sync.events.allConsumed'] as const;
export type KnitEventType = (typeof KNIT_EVENT_TYPES)[number];

/** The minimum an event must have to be stored: a JSON object with string `eventId` and `eventType`. */
export const EventEnvelopeSchema = z.looseObject({
  eventId: z.string().min(1),
  eventType: z.string().min(1),
});
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

const syncFields = {
  eventId: z.string().min(1),
  syncType: z.enum(['initial_sync', 'delta_sync']),
  syncDataType: z.string(),
  syncJobId: z.string().min(1),
  syncRunId: z.string().min(1),
};

/** Epoch milliseconds as Knit sends them: a string of digits (a number is tolerated). */
const epochMs = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]);

export const RecordUpsertEventSchema = z.looseObject({
  ...syncFields,
  eventType: z.enum(['record.new', 'record.modified']),
  recordId: z.string().min(1),
  /** An object (its members are the data models: shared/knit/models.ts); looseObject, not z.record: no per-key check. */
  eventData: z.looseObject({}),
});

export const RecordDeletedEventSchema = z.looseObject({
  ...syncFields,
  eventType: z.literal('record.deleted'),
  recordId: z.string().min(1),
  eventData: z.looseObject({ employeeId: z.string().optional(), workEmail: z.string().optional() }),
});

export const SyncProcessedEventSchema = z.looseObject({
  ...syncFields,
  eventType: z.literal('sync.events.processed'),
  eventData: z.looseObject({
    status: z.string(),
    processed: z.number().int().nonnegative(),
    emitted: z.number().int().nonnegative(),
    startedAt: epochMs,
    processedAt: epochMs,
    complete: z.boolean(),
  }),
});

export const SyncAllConsumedEventSchema = z.looseObject({
  ...syncFields,
  eventType: z.literal('sync.events.allConsumed'),
  eventData: z.looseObject({
    status: z.string(),
    processed: z.number().int().nonnegative(),
    emitted: z.number().int().nonnegative(),
    consumed: z.number().int().nonnegative(),
    startedAt: epochMs,
    processedAt: epochMs,
    completedAt: epochMs,
    complete: z.boolean(),
  }),
});

/** The schema for each documented event type. */
export const KNIT_EVENT_SCHEMAS: Record<KnitEventType, z.ZodType> = {
  'record.new': RecordUpsertEventSchema,
  'record.modified': RecordUpsertEventSchema,
  'record.deleted': RecordDeletedEventSchema,
  'sync.events.processed': SyncProcessedEventSchema,
  'sync.events.allConsumed': SyncAllConsumedEventSchema,
};

export function isKnitEventType(type: string): type is KnitEventType {
  return (KNIT_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * Checks a parsed event against its type's schema.
 * @returns warnings as `path: message` sentences; empty when it matches or the type is unknown.
 */
export function schemaWarnings(event: EventEnvelope): string[] {
  if (!isKnitEventType(event.eventType)) return [];
  const result = KNIT_EVENT_SCHEMAS[event.eventType].safeParse(event);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`);
}

/** Knit's webhook headers (lower-cased as Node receives them). */
export const KNIT_HEADERS = {
  signature: 'x-knit-signature',
  integrationId: 'x-knit-integration-id',
  executionId: 'x-knit-execution-id',
} as const;
