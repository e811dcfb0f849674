import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
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

  it('says where each secret comes from: an environment variable wins over a saved key, and says so', async () => {
    await createHeadlessSecretStore(dir, {}).set('apiKey:production', 'from_file_0000');
    const secrets = createHeadlessSecretStore(dir, { KNIT_API_KEY: 'from_env_1111', NGROK_AUTHTOKEN: 'tok_3333' });
    expect(await secrets.read('apiKey:production')).toEqual({
      value: 'from_env_1111',
      status: { state: 'set', source: 'environment-variable', variable: 'KNIT_API_KEY', savedIgnored: true, last4: '1111' },
    });
    expect((await secrets.read('ngrokAuthtoken')).status).toEqual({
      state: 'set',
      source: 'environment-variable',
      variable: 'NGROK_AUTHTOKEN',
      savedIgnored: false,
      last4: '3333',
    });
    expect((await createHeadlessSecretStore(dir, {}).read('apiKey:production')).status).toEqual({
      state: 'set',
      source: 'saved',
      variable: null,
      savedIgnored: false,
      last4: '0000',
    });
    expect((await secrets.read('apiKey:sandbox')).status).toEqual({ state: 'unset', source: null, variable: null, savedIgnored: false, last4: null });
  });

  it('sets a corrupt secrets.json aside, reports it once, and the next save does not overwrite it', async () => {
    const file = join(dir, 'secrets.json');
    await writeFile(file, '{"apiKey:production": "prod_key_0000", "apiKey:sandbox": ', { mode: 0o600 });
    const secrets = createHeadlessSecretStore(dir, {});
    expect(await secrets.get('apiKey:production')).toBeNull();
    const problems = secrets.takeProblems();
    expect(problems).toEqual([expect.objectContaining({ kind: 'corrupt-secrets', setAsidePath: expect.stringMatching(/secrets\.json\.corrupt-\d+$/) })]);
    expect(problems[0]!.message).not.toContain('prod_key_0000');
    expect(secrets.takeProblems()).toEqual([]);
    await secrets.set('apiKey:sandbox', 'sandbox_key_1111');
    expect(await readFile(problems[0]!.setAsidePath!, 'utf8')).toContain('prod_key_0000');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ 'apiKey:sandbox': 'sandbox_key_1111' });
    expect((await readdir(dir)).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('a value that is not a string makes the file corrupt; an unreadable file refuses saves', async () => {
    await writeFile(join(dir, 'secrets.json'), '{"apiKey:production": 7}');
    const secrets = createHeadlessSecretStore(dir, {});
    expect(await secrets.list()).toEqual([]);
    expect(secrets.takeProblems()).toEqual([expect.objectContaining({ message: expect.stringContaining('the value of apiKey:production is not a string') })]);
    const other = await tempDir();
    try {
      await mkdir(join(other, 'secrets.json'));
      const blocked = createHeadlessSecretStore(other, {});
      await expect(blocked.set('apiKey:sandbox', 'sandbox_key_1111')).rejects.toThrow(/cannot be read \(EISDIR\)/);
      expect((await stat(join(other, 'secrets.json'))).isDirectory()).toBe(true);
    } finally {
      await removeDir(other);
    }
  });
});
