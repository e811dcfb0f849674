/** The tunnel status lines `knit-sync serve` prints on stderr (electron/cli/attachments/tunnel.ts). */
import { describe, expect, it } from 'vitest';
import type { CompanionStatus, TunnelStatus } from '../../../shared/api/types';
import { tunnelLine } from '../../../electron/cli/attachments/tunnel';

const LISTENER = 'http://127.0.0.1:8787/knithook';
const status = (tunnel: Partial<TunnelStatus>, destination: string | null = LISTENER): CompanionStatus =>
  ({
    destination,
    tunnel: { mode: 'ngrok', state: 'connecting', publicUrl: null, error: null, authtokenSet: true, domain: null, ...tunnel },
  }) as CompanionStatus;

describe('tunnelLine', () => {
  it('says where the public URL forwards to once online', () => {
    expect(tunnelLine(status({ state: 'online', publicUrl: 'https://a.ngrok.app' }, 'https://a.ngrok.app/knithook'), LISTENER)).toBe(
      `tunnel online https://a.ngrok.app/knithook → forwarding to ${LISTENER}`,
    );
  });

  it("gives ngrok's error in one line with its code", () => {
    const line = tunnelLine(status({ state: 'error', error: { code: 'ERR_NGROK_105', message: 'The authtoken is invalid.' } }), LISTENER);
    expect(line).toBe('tunnel error: ERR_NGROK_105 The authtoken is invalid.');
  });

  it('says how to set an authtoken when none is saved, and nothing while connecting or off', () => {
    expect(tunnelLine(status({ state: 'error', authtokenSet: false }), LISTENER)).toMatch(/set NGROK_AUTHTOKEN.*the listener keeps working/);
    expect(tunnelLine(status({ state: 'connecting' }), LISTENER)).toBeNull();
    expect(tunnelLine(status({ mode: 'off', state: 'off', authtokenSet: false }), LISTENER)).toBeNull();
  });
});
