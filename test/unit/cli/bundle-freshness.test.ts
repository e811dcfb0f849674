/**
 * The bin's choice between the prebuilt CLI bundle and compiling the sources (electron/cli/build-bundle.js
 * `currentBundle`): the bundle runs only while no source it was built from is newer, so tests and users never
 * run stale code after an edit.
 */
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error a plain JS module of the bin, without type declarations
import { currentBundle } from '../../../electron/cli/build-bundle.js';
import { removeDir, tempDir } from '../../support/core';

let root: string;
const at = (seconds: number): Date => new Date(1_700_000_000_000 + seconds * 1000);

beforeEach(async () => {
  root = await tempDir('knit-bundle-');
  await mkdir(join(root, 'dist/cli'), { recursive: true });
  await mkdir(join(root, 'src'));
  await writeFile(join(root, 'src/a.ts'), 'export const a = 1;');
  await utimes(join(root, 'src/a.ts'), at(0), at(0));
  await writeFile(join(root, 'dist/cli/main.mjs'), 'export const main = () => 0;');
  await utimes(join(root, 'dist/cli/main.mjs'), at(10), at(10));
  await writeFile(join(root, 'dist/cli/inputs.json'), JSON.stringify(['src/a.ts']));
});
afterEach(() => removeDir(root));

describe('currentBundle', () => {
  it('uses the bundle while it is newer than every source it was built from', () => {
    expect(currentBundle(root)).toBe(pathToFileURL(join(root, 'dist/cli/main.mjs')).href);
  });

  it('compiles the sources when one of them changed after the build', async () => {
    await utimes(join(root, 'src/a.ts'), at(20), at(20));
    expect(currentBundle(root)).toBeNull();
  });

  it('compiles the sources when the list of sources or a source is missing (a build in progress, a removed file)', async () => {
    await writeFile(join(root, 'dist/cli/inputs.json'), JSON.stringify(['src/a.ts', 'src/gone.ts']));
    expect(currentBundle(root)).toBeNull();
    await removeDir(join(root, 'dist/cli/inputs.json'));
    expect(currentBundle(root)).toBeNull();
  });
});
