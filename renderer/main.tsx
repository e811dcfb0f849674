/** Startup: pick the transport, create the store, load, render. */
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { throttledFrames } from './state/frame-queue';
import { setLinkState } from './state/link-state';
import { createRendererStore, type AppliedHook } from './state/renderer-store';
import { CompanionContext } from './state/use-companion';
import { pickTransport } from './transport';
import './styles.css';

declare global {
  interface Window {
    /** Set before the page's scripts run by test/bench/ui-bench.ts only: told of every applied update batch. */
    __knitPerf?: { applied: AppliedHook };
  }
}

const api = pickTransport(setLinkState);
/** The store applies updates at most every 50 ms (20 times a second), each time in an animation frame. */
const STORE_FLUSH_MS = 50;
const schedule = throttledFrames(STORE_FLUSH_MS, {
  requestFrame: (callback) => requestAnimationFrame(callback),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  now: () => performance.now(),
});
const store = createRendererStore(api, schedule, window.__knitPerf?.applied);
void store.start();

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <CompanionContext value={{ api, store }}>
    <App />
  </CompanionContext>,
);
