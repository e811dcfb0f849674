/**
 * The UI end to end: a real Companion on a temp data folder (production key PRODUCTION_KEY, no tunnel), the
 * real UI server serving the built renderer, and real Chromium. `close()` undoes all of it.
 */
import { openCompanion } from '../../electron/core/companion';
import type { CompanionService } from '../../electron/core/companion';
import { silentLogger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { startUiServer, type UiServer } from '../../electron/core/ui-server';
import { launchChromium, type Chromium } from './chromium';
import { PRODUCTION_KEY, removeDir, tempDir } from './core';
import { ensureRendererBuilt } from './renderer-build';

export interface CompanionUi {
  dir: string;
  companion: CompanionService;
  ui: UiServer;
  browser: Chromium;
  close(): Promise<void>;
}

/** Opens the Companion, its UI server and Chromium (not yet on the UI's page). */
export async function openCompanionUi(viewport = { width: 1280, height: 800 }): Promise<CompanionUi> {
  const staticDir = ensureRendererBuilt();
  const dir = await tempDir();
  const companion = await openCompanion({
    dataDir: dir,
    port: 0,
    log: silentLogger,
    secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY }),
    noTunnel: true,
  });
  const ui = await startUiServer({ api: companion, port: 0, staticDir });
  const browser = await launchChromium(viewport);
  return {
    dir,
    companion,
    ui,
    browser,
    async close() {
      await browser.close();
      await ui.close();
      await companion.close();
      await removeDir(dir);
    },
  };
}
