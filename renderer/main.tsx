/** Startup: pick the transport, create the store, load, render. */
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { setLinkState } from './state/link-state';
import { createCompanionStore } from './state/store';
import { CompanionContext } from './state/use-companion';
import { pickTransport } from './transport';
import './styles.css';

const api = pickTransport(setLinkState);
const store = createCompanionStore(api, (flush) => requestAnimationFrame(flush));
void store.start();

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <CompanionContext value={{ api, store }}>
    <App />
  </CompanionContext>,
);
