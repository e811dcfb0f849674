/**
 * `knit-sync emulate --scenario NAME` as a user runs it: the real bin against a receiver that checks
 * signatures; each scenario shows in what the receiver gets.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestReceiver, type ReceivedRequest, type TestReceiver } from '../emulator-test-receiver';

const BIN = join(import.meta.dirname, '../../../electron/cli/knit-sync.js');
const KEY = 'scenario_key_41d2';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function emulate(
  args: string[],
  answer?: Parameters<typeof startTestReceiver>[1],
): Promise<{ code: number | null; stderr: string; requests: ReceivedRequest[]; receiver: TestReceiver }> {
  const receiver = await startTestReceiver(KEY, answer);
  closers.push(() => receiver.close());
  const child = spawn(process.execPath, [BIN, 'emulate', '--to', receiver.url, '--key-env', 'SC_KEY', ...args], { env: { ...process.env, SC_KEY: KEY } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stderr, requests: receiver.requests, receiver };
}

const records = (rs: ReceivedRequest[]) => rs.filter((r) => String(r.body.eventType).startsWith('record.'));
const data = (r: ReceivedRequest) => r.body.eventData as Record<string, unknown>;

describe('emulate --scenario', () => {
  it('duplicates + out-of-order: the same eventId twice, modified before new, a delete of an unknown employee', async () => {
    const { code, requests } = await emulate(['--employees', '8', '--scenario', 'duplicates', '--scenario', 'out-of-order']);
    expect(code).toBe(0);
    expect(requests.every((r) => r.signatureValid)).toBe(true);
    const ids = records(requests).map((r) => r.body.eventId);
    expect(ids.length - new Set(ids).size).toBeGreaterThanOrEqual(3);
    const first = records(requests)[0]!;
    expect([first.body.eventType, records(requests)[1]!.body.eventType, records(requests)[1]!.body.recordId]).toEqual([
      'record.modified',
      'record.new',
      first.body.recordId,
    ]);
    expect(records(requests).some((r) => r.body.eventType === 'record.deleted' && r.body.recordId === 'emp_never_sent')).toBe(true);
  });

  it('inactive, every-model, bank-accounts, large-records, non-ascii', async () => {
    const { code, requests } = await emulate([
      '--employees',
      '20',
      '--scenario',
      'inactive',
      '--scenario',
      'every-model',
      '--scenario',
      'bank-accounts',
      '--scenario',
      'large-records',
      '--scenario',
      'non-ascii',
    ]);
    expect(code).toBe(0);
    const rs = records(requests);
    expect(rs.length).toBe(20);
    const statuses = rs.map((r) => (data(r).profile as Record<string, unknown>).employmentStatus);
    expect(statuses.filter((s) => s === 'INACTIVE').length).toBeGreaterThanOrEqual(1);
    const d = data(rs[0]!);
    expect(d.bankAccounts).toBeDefined();
    expect(d.bankAccountDetails).toBeUndefined();
    expect((d.employeeKYC as unknown[]).length).toBe(1);
    expect((d.deductions as unknown[]).length).toBe(2);
    expect((d.leaveRequests as unknown[]).length).toBe(2);
    expect((d.dependents as unknown[]).length).toBe(50);
    expect(rs.some((r) => /[^\x00-\x7f]/.test(r.raw.toString('utf8')))).toBe(true);
  });

  it('no-all-consumed never sends allConsumed; --retry sets and prints the schedule; an unknown scenario is a usage error', async () => {
    const tail = await emulate(['--employees', '2', '--scenario', 'no-all-consumed', '--retry', '3:10:20'], (r) => (r.n === 1 ? 500 : 200));
    expect(tail.code).toBe(0);
    expect(tail.requests.map((r) => r.body.eventType)).not.toContain('sync.events.allConsumed');
    expect(tail.requests.map((r) => r.body.eventType)).toContain('sync.events.processed');
    expect(tail.stderr).toContain('retry schedule 0.01 s, 0.02 s (2 retries over 0.03 s)');
    expect((await emulate(['--scenario', 'nope'])).code).toBe(2);
  });
});
