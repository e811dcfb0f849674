import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeadlessSecretStore } from '../../../electron/core/secrets/headless-secret-store';
import { removeDir, tempDir } from '../../support/core';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(() => removeDir(dir));

describe('headless SecretStore', () => {
  it('writes secrets.json with mode 0600 and reads it back', async () => {
    const secrets = createHeadlessSecretStore(dir, {});
    await secrets.set('apiKey:demo', 'demo_key_1234');
    expect(await secrets.get('apiKey:demo')).toBe('demo_key_1234');
    expect((await stat(join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
    await secrets.set('apiKey:demo', null);
    expect(await secrets.get('apiKey:demo')).toBeNull();
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).not.toContain('demo_key_1234');
  });

  it('lets KNIT_API_KEY, KNIT_SANDBOX_API_KEY and NGROK_AUTHTOKEN take precedence', async () => {
    await createHeadlessSecretStore(dir, {}).set('apiKey:production', 'from_file_0000');
    const secrets = createHeadlessSecretStore(dir, { KNIT_API_KEY: 'from_env_1111', KNIT_SANDBOX_API_KEY: 'sb_2222', NGROK_AUTHTOKEN: 'tok_3333' });
    expect(await secrets.get('apiKey:production')).toBe('from_env_1111');
    expect(await secrets.get('apiKey:sandbox')).toBe('sb_2222');
    expect(await secrets.get('ngrokAuthtoken')).toBe('tok_3333');
    expect((await secrets.list()).sort()).toEqual(['apiKey:production', 'apiKey:sandbox', 'ngrokAuthtoken']);
  });
});
