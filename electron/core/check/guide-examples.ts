/**
 * The five example payloads of Knit's employee sync guide ("Syncing employee data", section 1), byte for byte
 * as the guide prints them (one member per line, no indentation), with two corrections: record.modified gets
 * its own eventId (the guide reuses record.new's; real ids are unique) and record.deleted's mangled
 * workEmail placeholder is user@example.com. test/fixtures/guide/ holds the same bytes as files (a unit test
 * keeps the two equal); `knit-sync check` sends these.
 */

/** One guide example: its event type and its exact body text. */
export interface GuideExample {
  eventType: string;
  body: string;
}

/** The guide's five examples, in the guide's order. */
export const GUIDE_EXAMPLES: readonly GuideExample[] = [
  {
    eventType: 'record.new',
    body: '{\n"eventId": "e_123sadasdasda",\n"eventType": "record.new",\n"eventData": {\n"profile": {},\n"orgStructure": {},\n"locations": {},\n"dependents": {},\n"contactInfo": {},\n"bankAccountDetails": {}\n},\n"syncType": "initial_sync",\n"syncDataType": "employee",\n"syncJobId": "sj_asda32424",\n"syncRunId": "sr_jhhkk80869",\n"recordId": "123"\n}\n',
  },
  {
    eventType: 'record.modified',
    body: '{\n"eventId": "e_123sadasdasdb",\n"eventType": "record.modified",\n"eventData": {\n"profile": {},\n"orgStructure": {},\n"locations": {},\n"dependents": {},\n"contactInfo": {},\n"bankAccountDetails": {}\n},\n"syncType": "delta_sync",\n"syncDataType": "employee",\n"syncJobId": "sj_asda32424",\n"syncRunId": "sr_jhhkk80869",\n"recordId": "123"\n}\n',
  },
  {
    eventType: 'record.deleted',
    body: '{\n"eventId": "ev_jLPn5iJNhvhDBh91xtb8kc",\n"eventData": {\n"employeeId": "omLAR353IjXZ4Mt",\n"workEmail": "user@example.com"\n},\n"eventType": "record.deleted",\n"syncType": "delta_sync",\n"syncDataType": "employee",\n"syncJobId": "sj_rJWQawZYVS8IqgtXkSJ8BQ",\n"syncRunId": "sn_NHXHC2Hn6oOaLrCfsaqGOM",\n"recordId": "omLAR353IjXZ4Mt"\n}\n',
  },
  {
    eventType: 'sync.events.processed',
    body: '{\n"eventId": "ev_UFrXyD8d5yneJ6UnfxAoJ7",\n"eventData": {\n"status": "processed",\n"processed": 200,\n"emitted": 0,\n"startedAt": "1676292064383",\n"processedAt": "1676292068616",\n"complete": false\n},\n"eventType": "sync.events.processed",\n"syncType": "delta_sync",\n"syncDataType": "employee",\n"syncJobId": "sj_rJWQawZYVS8IqgtXkSJ8BQ",\n"syncRunId": "sn_agQO87vjVs6tMe9CEsPkBk"\n}\n',
  },
  {
    eventType: 'sync.events.allConsumed',
    body: '{\n"eventId": "ev_Z9s8E9mwdwju7dpRcCLh7d",\n"eventData": {\n"status": "completed",\n"processed": 200,\n"emitted": 200,\n"consumed": 200,\n"completedAt": "1676281276296",\n"startedAt": "1676281265551",\n"processedAt": "1676281275876",\n"complete": true\n},\n"eventType": "sync.events.allConsumed",\n"syncType": "initial_sync",\n"syncDataType": "employee",\n"syncJobId": "sj_rJWQawZYVS8IqgtXkSJ8BQ",\n"syncRunId": "sn_NHXHC2Hn6oOaLrCfsaqGOM"\n}\n',
  },
];
