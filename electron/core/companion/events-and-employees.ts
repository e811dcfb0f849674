/**
 * The Companion's read-only queries over the journal store's state: events, an event's detail with its
 * previous version, runs, an employee with the timeline of their record events.
 */
import type { EventQuery } from '../../../shared/api/companion-api';
import { pruneDepth } from '../../../shared/api/json-depth';
import type { EmployeeDetail, EventDetail, EventSummary, ForwardAttempt, RunSummary } from '../../../shared/api/types';
import { ACTIVATION_EVENT_TYPE } from '../../../shared/knit/activation';
import { schemaWarnings, type EventEnvelope } from '../../../shared/knit/events';
import type { Connections } from '../connect/connections';
import { bodyText } from '../receiver/envelope';
import { employeeKey, NO_INTEGRATION, toEventSummary, type State } from '../state/state';
import type { JournalStore } from '../store/journal-store';

/**
 * The events after `query.afterSeq` in arrival order, filtered, at most `query.limit` (default 5,000). The
 * integration, run and recordId are compared on the table's columns, so only the events given are materialised.
 */
export function listEvents(state: State, query: EventQuery = {}): EventSummary[] {
  const limit = query.limit ?? 5_000;
  const table = state.events;
  const code = (field: 'integrationId' | 'syncRunId', value: string | null | undefined): number | null =>
    value === undefined ? null : table.dictionaries[field].find(value);
  // events without an integration are listed under NO_INTEGRATION (as the directory keys them)
  const integration = query.integrationId === NO_INTEGRATION ? 0 : code('integrationId', query.integrationId);
  const run = code('syncRunId', query.syncRunId);
  if (integration === -1 || run === -1) return [];
  const integrations = table.codes.integrationId.view();
  const runs = table.codes.syncRunId.view();
  const passes = (i: number): boolean => (integration === null || integrations[i] === integration) && (run === null || runs[i] === run);
  const out: EventSummary[] = [];
  const take = (i: number): boolean => out.push(toEventSummary(table.at(i)!)) < limit;
  const from = table.positionAfterSeq(query.afterSeq ?? 0);
  if (limit <= 0) return out;
  if (query.recordId !== undefined) table.heaps.recordId.scanEqual(Buffer.from(query.recordId, 'utf8'), passes, take, from);
  else for (let i = from; i < table.size; i++) if (passes(i) && !take(i)) break;
  return out;
}

/** What an event's detail adds from beside the store: its forward attempts and, for an activation, its outcome. */
export interface EventDetailSources {
  store: JournalStore;
  attemptsOf(eventId: string): ForwardAttempt[];
  connections: Connections;
}

/** An event's detail: headers, raw and parsed body (bounded in depth), the previous version of its record; null when unknown or unreadable. */
export async function getEvent({ store, attemptsOf, connections }: EventDetailSources, eventId: string): Promise<EventDetail | null> {
  const meta = store.state.events.get(eventId);
  if (!meta) return null;
  const read = await store.readEvent(meta);
  if (!read) return null;
  // Bounded in depth so that the answer can be serialized (JSON, structured clone); Raw keeps everything.
  const body = pruneDepth(parseBody(read.raw)).value;
  const prevMeta = meta.prevSeq !== null ? store.state.events.bySeq(meta.prevSeq) : undefined;
  const prevRead = prevMeta ? await store.readEvent(prevMeta) : null;
  return {
    ...toEventSummary(meta),
    headers: read.line.headers,
    rawBody: read.raw.toString('utf8'),
    body,
    previous:
      prevMeta && prevRead
        ? {
            seq: prevMeta.seq,
            eventId: prevMeta.eventId,
            eventType: prevMeta.eventType,
            receivedAt: prevMeta.receivedAt,
            body: pruneDepth(parseBody(prevRead.raw)).value,
          }
        : null,
    warnings: body && typeof body === 'object' ? schemaWarnings(body as EventEnvelope) : [],
    forwards: attemptsOf(eventId),
    ...(meta.eventType === ACTIVATION_EVENT_TYPE && { activation: connections.activationOf(eventId) }),
  };
}

/** The sync runs seen, oldest first. */
export function listRuns(state: State): RunSummary[] {
  return [...state.runs.values()].sort((a, b) => (a.firstEventAt < b.firstEventAt ? -1 : a.firstEventAt > b.firstEventAt ? 1 : 0));
}

/** An employee's summary, their last event's `eventData` and the timeline of their record events; null when unknown. */
export async function getEmployee(
  store: JournalStore,
  { integrationId, recordId }: { integrationId: string; recordId: string },
): Promise<EmployeeDetail | null> {
  const state = store.state;
  const summary = state.employees.get(employeeKey(integrationId, recordId));
  if (!summary) return null;
  const meta = state.events.get(summary.lastEventId);
  const read = meta ? await store.readEvent(meta) : null;
  const body = read ? pruneDepth(parseBody(read.raw)).value : null;
  const data = body && typeof body === 'object' ? (body as { eventData?: unknown }).eventData : null;
  const timeline = recordTimeline(state, integrationId, recordId);
  return { ...summary, data: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {}, timeline };
}

/**
 * The record events of (integrationId, recordId) in arrival order: the integration code and the recordId's
 * bytes compared on the table's columns, so only the record's own events are materialised.
 */
export function recordTimeline(state: State, integrationId: string, recordId: string): EventSummary[] {
  const table = state.events;
  const integration = integrationId === NO_INTEGRATION ? 0 : table.dictionaries.integrationId.find(integrationId);
  const integrations = table.codes.integrationId.view();
  const timeline: EventSummary[] = [];
  if (integration === -1) return timeline;
  table.heaps.recordId.scanEqual(
    Buffer.from(recordId, 'utf8'),
    (position) => integrations[position] === integration,
    (position) => {
      const e = table.at(position)!;
      if (e.eventType.startsWith('record.')) timeline.push(toEventSummary(e));
    },
  );
  return timeline;
}

function parseBody(raw: Buffer): unknown {
  try {
    return JSON.parse(bodyText(raw));
  } catch {
    return null;
  }
}
