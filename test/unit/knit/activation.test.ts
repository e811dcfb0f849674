import { describe, expect, it } from 'vitest';
import { readActivation } from '../../../shared/knit/activation';

describe('readActivation (the guessed app.integration.activate shape, read defensively)', () => {
  it("reads the emulator's shape: activated, and failed with its validation errors", () => {
    const ok = { eventId: 'ev_1', eventType: 'app.integration.activate', eventData: { integrationId: 'int_a', appId: 'bamboohr', validationErrors: [] } };
    expect(readActivation(ok, null)).toEqual({ integrationId: 'int_a', appId: 'bamboohr', state: 'activated', errors: [] });
    const failed = { ...ok, eventData: { ...ok.eventData, validationErrors: [{ code: 'AUTH', message: 'The API key was refused' }, 'Missing scope'] } };
    expect(readActivation(failed, null)).toMatchObject({ state: 'failed', errors: ['AUTH: The API key was refused', 'Missing scope'] });
  });

  const odd: Array<[string, unknown, Partial<ReturnType<typeof readActivation>>]> = [
    ['not an object', 'text', { integrationId: 'int_h', state: 'activated', errors: [] }],
    ['null', null, { integrationId: 'int_h', state: 'activated' }],
    ['an array', [{ errors: ['x'] }], { state: 'activated' }],
    ['no eventData', { eventType: 'app.integration.activate' }, { integrationId: 'int_h', appId: null, state: 'activated' }],
    ['eventData an array', { eventData: [1, 2] }, { integrationId: 'int_h', state: 'activated' }],
    ['errors under data as a string', { data: { errors: 'token expired' } }, { state: 'failed', errors: ['token expired'] }],
    ['success false without errors', { eventData: { success: false } }, { state: 'failed', errors: [expect.stringMatching(/did not pass validation/)] }],
    ['a failed status word', { eventData: { status: 'FAILED' } }, { state: 'failed' }],
    ['an integration id of the wrong type', { eventData: { integrationId: 42 } }, { integrationId: 'int_h' }],
    ["the body id is the event's, not the integration's", { id: 'ev_9', integrationDetails: { id: 'int_d' } }, { integrationId: 'int_d' }],
    ['error objects without a message', { eventData: { validationErrors: [{ field: 'x' }] } }, { state: 'failed', errors: ['{"field":"x"}'] }],
    ['errors: null', { eventData: { errors: null, error: false } }, { state: 'activated', errors: [] }],
  ];
  for (const [name, body, expected] of odd) {
    it(`copes with ${name}`, () => {
      expect(readActivation(body, 'int_h')).toMatchObject(expected);
    });
  }

  it('bounds what it keeps: at most 20 errors of at most 500 characters', () => {
    const reading = readActivation({ eventData: { validationErrors: Array.from({ length: 50 }, () => 'x'.repeat(2000)) } }, null);
    expect(reading.errors).toHaveLength(20);
    expect(reading.errors[0]).toHaveLength(500);
  });
});
