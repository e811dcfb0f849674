/**
 * The headless Companion over real files and real HTTP: a corrupt secrets.json does not stop it (set aside,
 * reported as a problem, the listener up), and the status says where each key comes from, so that
 * `KNIT_API_KEY` winning over a key saved in the UI is visible.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCompanion } from '../../electron/core/companion';
import { silentLogger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { PRODUCTION_KEY, postSigned, recordEvent, removeDir, SANDBOX_KEY, tempDir } from '../support/core';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => removeDir(dir));

describe('the Companion and its secrets', () => {
  it('starts beside a corrupt secrets.json: set aside, one problem, keys from the environment still verify', async () => {
    await writeFile(join(dir, 'secrets.json'), '{"apiKey:sandbox": "sandbox_saved_key_1", ', { mode: 0o600 });
    const companion = await openCompanion({
      dataDir: dir,
      port: 0,
      log: silentLogger,
      secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY }),
    });
    try {
      const status = await companion.getStatus();
      expect(status.problems).toEqual([
        expect.objectContaining({ kind: 'corrupt-secrets', setAsidePath: expect.stringMatching(/secrets\.json\.corrupt-\d+$/) }),
      ]);
      expect(await readFile(status.problems[0]!.setAsidePath!, 'utf8')).toContain('sandbox_saved_key_1');
      expect((await postSigned(companion.listenerUrl, recordEvent('e_1', 'record.new', 'r_1'))).status).toBe(200);
      await companion.setApiKey({ environment: 'sandbox', key: SANDBOX_KEY });
      expect(JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'))).toEqual({ 'apiKey:sandbox': SANDBOX_KEY });
      expect((await companion.getStatus()).problems).toHaveLength(1); // reported once
    } finally {
      await companion.close();
    }
  });

  it('says which source each key and the authtoken come from, and when a saved key is not used', async () => {
    const companion = await openCompanion({
      dataDir: dir,
      port: 0,
      log: silentLogger,
      secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY, NGROK_AUTHTOKEN: 'ngrok_env_token_42' }),
      noTunnel: true,
    });
    try {
      const production = async () => (await companion.getStatus()).environments.find((e) => e.name === 'production')!;
      expect((await production()).key).toEqual({
        state: 'set',
        source: 'environment-variable',
        variable: 'KNIT_API_KEY',
        savedIgnored: false,
        last4: PRODUCTION_KEY.slice(-4),
      });
      await companion.setApiKey({ environment: 'production', key: 'saved_in_ui_key_0000' });
      expect((await production()).key).toMatchObject({ source: 'environment-variable', savedIgnored: true, last4: PRODUCTION_KEY.slice(-4) });
      await companion.setApiKey({ environment: 'sandbox', key: SANDBOX_KEY });
      const status = await companion.getStatus();
      expect(status.environments.find((e) => e.name === 'sandbox')!.key).toEqual({
        state: 'set',
        source: 'saved',
        variable: null,
        savedIgnored: false,
        last4: SANDBOX_KEY.slice(-4),
      });
      expect(status.tunnel.authtoken).toEqual({
        state: 'set',
        source: 'environment-variable',
        variable: 'NGROK_AUTHTOKEN',
        savedIgnored: false,
        last4: 'n_42',
      });
      expect(JSON.stringify(status)).not.toContain(PRODUCTION_KEY);
    } finally {
      await companion.close();
    }
  });
});
