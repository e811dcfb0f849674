/**
 * `/api/updates`: a WebSocket (RFC 6455, via `ws`) carrying every UpdateBatch of `api.subscribe()` as one
 * JSON text message. Subscribes when a client connects and unsubscribes when it goes away.
 */
import type { WebSocket } from 'ws';
import type { CompanionApi } from '../../../shared/api/companion-api';

/** Largest send buffer we let a slow client accumulate before dropping it (it reconnects and re-queries). */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/** Wires one connected client to the update stream of `api`. */
export function attachUpdates(api: CompanionApi, socket: WebSocket): void {
  const unsubscribe = api.subscribe((batch) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1013, 'client too slow; reconnect');
      return;
    }
    socket.send(JSON.stringify(batch));
  });
  socket.once('close', unsubscribe);
  socket.on('error', () => socket.terminate());
}
