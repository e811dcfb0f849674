/**
 * The composer (`knit-sync send --type/--from/--set`) and `serve --respond` as a user runs them: real bin,
 * real serve on loopback, a temp data folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, ndjson, removeDir, runCli, startServe, tempDir, type RunningServe } from '../../support/core';

let dir: string;
let serve: RunningServe;
beforeAll(async () => {
  dir = await tempDir();
  serve = await startServe(['--data', dir, '--no-tunnel', '--respond', '500::1:record.*']);
}, 60_000);
afterAll(async () => {
  await serve?.stop();
  await removeDir(dir);
});

const events = async () => ndjson((await runCli(['export', 'events', '--data', dir])).stdout);

describe('send --type / --from / --set, to a serve with --respond 500::1:record.*', () => {
  it('composes a record.new from a template, edits it, signs and sends it; the rule answers the first delivery 500', async () => {
    const args = [
      'send',
      '--type',
      'record.new',
      '--set',
      'eventId=ev_composed_1',
      '--set',
      'eventData.profile.firstName=Zoë',
      '--set',
      'eventData.dependents=[{"firstName":"Kid"}]',
      '--to',
      serve.url,
    ];
    const first = await runCli(args);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/^500 /);
    expect(first.stderr).toContain('send: composed {"eventId":"ev_composed_1","eventType":"record.new"');
    const second = await runCli(args);
    expect([second.code, second.stdout]).toEqual([0, expect.stringMatching(/^200 /)]);
    const [stored] = await events();
    expect(stored).toMatchObject({ eventId: 'ev_composed_1', eventData: { profile: { firstName: 'Zoë' }, dependents: [{ firstName: 'Kid' }] } });
  });

  it('composes from a stored event and from a type the guide does not list', async () => {
    const from = await runCli([
      'send',
      '--from',
      'ev_composed_1',
      '--set',
      'eventId=ev_composed_2',
      '--set',
      'eventType=record.modified',
      '--set',
      'eventData.profile.lastName=Ångström',
      '--data',
      dir,
    ]);
    expect(from.code).toBe(1); // first delivery of a record event: 500 by the rule
    expect((await runCli(['send', '--from', 'ev_composed_2', '--data', dir])).stdout).toMatch(/^200 /);
    const heartbeat = await runCli(['send', '--type', 'sync.heartbeat', '--to', serve.url]);
    expect(heartbeat.stdout).toMatch(/^200 /); // the rule is for record.* only
    const stored = await events();
    expect(stored.map((e) => [e.eventId, e.eventType])).toEqual([
      ['ev_composed_1', 'record.new'],
      ['ev_composed_2', 'record.modified'],
      [expect.stringMatching(/^ev_/), 'sync.heartbeat'],
    ]);
    expect(stored[1]).toMatchObject({ eventData: { profile: { firstName: 'Zoë', lastName: 'Ångström' } } });
  });

  it('usage errors exit 2', async () => {
    const env = cliEnv();
    expect((await runCli(['send', '--file', 'x.json', '--type', 'record.new', '--to', serve.url], env)).code).toBe(2);
    expect((await runCli(['send', '--to', serve.url], env)).code).toBe(2);
    expect((await runCli(['send', '--type', 'record.new', '--set', 'noequals', '--to', serve.url], env)).code).toBe(2);
    expect((await runCli(['send', '--type', 'record.new', '--set', '__proto__.x=1', '--to', serve.url], env)).code).toBe(2);
  });
});
