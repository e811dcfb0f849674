/**
 * The advanced options of `sync.start` from Knit's current "Start a Sync" reference: sync type (an ad-hoc
 * `delta_sync`), honorScheduler, includeInactiveRecords, startHour/startMinute, and "webhook registered in
 * Knit's dashboard" (no destination and no frequency are sent). Closed by default: the guide's body is the default.
 */
import type { StartSyncInput } from '../../../shared/api/companion-api';

/** The options as the form holds them; `toStartOptions` turns them into StartSyncInput fields. */
export interface StartOptionsValue {
  syncType: 'initial_sync' | 'delta_sync';
  honorScheduler: boolean;
  includeInactiveRecords: boolean;
  /** "HH:MM", or empty for none. */
  startTime: string;
  dashboardWebhook: boolean;
}

export const DEFAULT_START_OPTIONS: StartOptionsValue = {
  syncType: 'initial_sync',
  honorScheduler: false,
  includeInactiveRecords: false,
  startTime: '',
  dashboardWebhook: false,
};

/** The StartSyncInput fields of the options: only those that differ from Knit's defaults. */
export function toStartOptions(value: StartOptionsValue): Partial<StartSyncInput> {
  const time = /^(\d{1,2}):(\d{2})$/.exec(value.startTime);
  return {
    ...(value.syncType !== 'initial_sync' && { syncType: value.syncType }),
    ...(value.honorScheduler && { honorScheduler: true }),
    ...(value.includeInactiveRecords && { includeInactiveRecords: true }),
    ...(time && { startHour: Number(time[1]), startMinute: Number(time[2]) }),
    ...(value.dashboardWebhook && { dashboardWebhook: true }),
  };
}

export function StartOptions({ value, onChange }: { value: StartOptionsValue; onChange(next: StartOptionsValue): void }) {
  const set = (patch: Partial<StartOptionsValue>) => onChange({ ...value, ...patch });
  return (
    <details className="field advanced-options">
      <summary>Advanced start options (Knit's current "Start a Sync" reference)</summary>
      <div className="row-fields" style={{ marginTop: 6 }}>
        <div className="field">
          <label htmlFor="start-sync-type">Sync type</label>
          <select id="start-sync-type" value={value.syncType} onChange={(e) => set({ syncType: e.target.value as StartOptionsValue['syncType'] })}>
            <option value="initial_sync">initial_sync: every active record</option>
            <option value="delta_sync">delta_sync: an ad-hoc delta now</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="start-time">Scheduled start (startHour:startMinute)</label>
          <input id="start-time" type="time" value={value.startTime} onChange={(e) => set({ startTime: e.target.value })} />
        </div>
      </div>
      <div className="actions">
        <label>
          <input type="checkbox" checked={value.honorScheduler} onChange={(e) => set({ honorScheduler: e.target.checked })} /> Keep the schedule
          (honorScheduler)
        </label>
        <label>
          <input type="checkbox" checked={value.includeInactiveRecords} onChange={(e) => set({ includeInactiveRecords: e.target.checked })} /> Include inactive
          records
        </label>
        <label>
          <input type="checkbox" checked={value.dashboardWebhook} onChange={(e) => set({ dashboardWebhook: e.target.checked })} /> Webhook registered in Knit's
          dashboard (send no destination)
        </label>
      </div>
      <p className="hint muted">
        Knit documents two bodies for sync.start: the guide's (frequency and destination) and the current reference's (these options, and the webhook URL
        registered per category in Knit's dashboard). Which one your account needs is not published; both work with the emulator.
      </p>
    </details>
  );
}
