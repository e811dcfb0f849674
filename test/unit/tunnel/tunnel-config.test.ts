import { describe, expect, it } from 'vitest';
import { tunnelConfigFrom, webhookUrlOf } from '../../../electron/core/tunnel/tunnel-config';

describe('tunnel config from settings', () => {
  it('takes mode, domain and manual URL (origin only) from the settings and the token from the caller', () => {
    expect(tunnelConfigFrom({ tunnelMode: 'ngrok', ngrokDomain: ' acme.ngrok.app ', publicUrl: null }, 'tok')).toEqual({
      mode: 'ngrok',
      authtoken: 'tok',
      domain: 'acme.ngrok.app',
      manualUrl: null,
    });
    expect(tunnelConfigFrom({ tunnelMode: 'manual', ngrokDomain: '', publicUrl: 'https://hooks.example.com/knithook' }, null)).toEqual({
      mode: 'manual',
      authtoken: null,
      domain: null,
      manualUrl: 'https://hooks.example.com',
    });
  });

  it('--no-tunnel wins over the saved mode', () => {
    expect(tunnelConfigFrom({ tunnelMode: 'ngrok', ngrokDomain: null, publicUrl: null }, 'tok', { noTunnel: true }).mode).toBe('off');
  });

  it('builds the webhook URL from the public URL and the listener path', () => {
    expect(webhookUrlOf('https://abc.ngrok-free.app', '/knithook')).toBe('https://abc.ngrok-free.app/knithook');
    expect(webhookUrlOf('https://abc.ngrok-free.app/', 'knithook')).toBe('https://abc.ngrok-free.app/knithook');
    expect(webhookUrlOf(null, '/knithook')).toBeNull();
  });
});
