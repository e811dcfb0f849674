/** Startup: pick the transport, create the store, load, render. */
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { setLinkState } from './state/link-state';
import { createCompanionStore, type AppliedHook } from './state/store';
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
const store = createCompanionStore(api, (flush) => requestAnimationFrame(flush), window.__knitPerf?.applied);
void store.start();

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <CompanionContext value={{ api, store }}>
    <App />
  </CompanionContext>,
);
