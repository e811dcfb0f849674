/**
 * The set-up of the e2e tests that drive a real `knit-sync demo`: a temp data folder, the demo on it, and
 * Chromium on its UI with the Events list shown; and the matching tear-down.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, type Chromium } from './chromium';
import { startDemo, stopDemo, type Demo } from './demo-process';
import { ensureRendererBuilt } from './renderer-build';

export interface DemoInChromium {
  dataDir: string;
  demo: Demo | null;
  browser: Chromium;
}

/** Starts the demo with `args` in a new `knit-e2e-<name>-` folder and opens its UI at `viewport` (1280×800). */
export async function openDemoInChromium(name: string, args: string[], viewport = { width: 1280, height: 800 }): Promise<DemoInChromium> {
  ensureRendererBuilt();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `knit-e2e-${name}-`));
  const demo = await startDemo(dataDir, args);
  const browser = await launchChromium(viewport);
  await browser.page.goto(demo.uiUrl);
  await browser.page.getByRole('grid', { name: 'Events, newest first' }).waitFor();
  return { dataDir, demo, browser };
}

/** Closes Chromium, stops the demo and removes the folder, as far as they were opened. */
export async function closeDemoInChromium(opened: Partial<DemoInChromium>): Promise<void> {
  await opened.browser?.close();
  if (opened.demo) await stopDemo(opened.demo);
  if (opened.dataDir) await rm(opened.dataDir, { recursive: true, force: true });
}
