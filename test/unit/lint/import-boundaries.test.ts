/**
 * The tree's rules, as `npm run lint` enforces them (eslint.config.js, no-restricted-imports): the core and
 * the CLI never import Electron, the core knows no shell, the renderer sees only renderer/ and shared/.
 * Each case lints a one-line file placed in the tree, so removing a rule makes its case fail.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/core';

const eslint = new ESLint({ cwd: ROOT });

/** The no-restricted-imports messages for `code` as if it were the file `filePath`. */
async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: `${ROOT}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['electron/core/companion/x.ts', "import { app } from 'electron';", /only electron\/main and electron\/preload/],
    ['electron/core/x.ts', "import { registerIpcHandlers } from '../main/ipc';", /knows no shell/],
    ['electron/core/companion/x.ts', "import { x } from '../../cli/errors';", /knows no shell/],
    ['electron/core/ui-server/x.ts', "import { App } from '../../../renderer/app/App';", /knows no shell/],
    ['electron/cli/commands/x.ts', "import { dialog } from 'electron';", /only electron\/main and electron\/preload/],
    ['electron/cli/x.ts', "import { registerIpcHandlers } from '../main/ipc';", /shell over the core/],
    ['renderer/state/x.ts', "import { openCompanion } from '../../electron/core/companion';", /only from renderer\/ and shared\//],
    ['renderer/x.tsx', "import { ipcRenderer } from 'electron';", /never Electron/],
    ['renderer/model/x.ts', "import { readFile } from 'node:fs/promises';", /only from renderer\/ and shared\//],
    ['shared/api/x.ts', "import { JournalStore } from '../../electron/core/store/journal-store';", /shared\/ is the contract/],
  ])('%s: %s is refused', async (file, code, message) => {
    const found = await violations(file, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it.each([
    ['electron/core/companion/x.ts', "import { InputError } from '../../../shared/api/reply';"],
    ['electron/cli/x.ts', "import { openCompanion } from '../core/companion';"],
    ['electron/main/x.ts', "import { app } from 'electron';"],
    ['renderer/state/x.ts', "import { employeeKey } from '../../shared/api/employee-key';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await violations(file, code)).toEqual([]);
  });
});
