/**
 * The employees CSV of the UI (CompanionApi exportData, its defaults as the Settings screen sends them) and of
 * `knit-sync export employees --format csv` are the same file: same rows (deleted employees only on request),
 * the UTF-8 BOM, formula cells neutralized. Real files, real HTTP, the real CLI.
 */
import { describe, expect, it } from 'vitest';
import { openCompanion } from '../../electron/core/companion';
import { silentLogger } from '../../electron/core/log';
import { createHeadlessSecretStore } from '../../electron/core/secrets/headless-secret-store';
import { PRODUCTION_KEY, postSigned, profileData, recordEvent, removeDir, runCli, tempDir } from '../support/core';

describe('CSV exports', () => {
  it('the UI and the CLI write the same employees CSV: BOM, neutralized cells, no deleted employees by default', async () => {
    const dir = await tempDir();
    try {
      const companion = await openCompanion({
        dataDir: dir,
        port: 0,
        log: silentLogger,
        secrets: createHeadlessSecretStore(dir, { KNIT_API_KEY: PRODUCTION_KEY }),
        noTunnel: true,
      });
      const events = [
        recordEvent('e_1', 'record.new', 'r_1', profileData('=HYPERLINK("http://evil.example","x")', 'Zoë')),
        recordEvent('e_2', 'record.new', 'r_2', profileData('Ana', '@SUM(A1)')),
        recordEvent('e_3', 'record.deleted', 'r_2', {}),
      ];
      for (const body of events) expect((await postSigned(companion.listenerUrl, body)).status).toBe(200);
      const ui = await companion.exportData({ kind: 'employees', format: 'csv' });
      const uiWithDeleted = await companion.exportData({ kind: 'employees', format: 'csv', includeDeleted: true });
      const runs = await companion.exportData({ kind: 'runs', format: 'csv' });
      await companion.close();

      const cli = await runCli(['export', 'employees', '--format', 'csv', '--data', dir]);
      expect(cli.code).toBe(0);
      expect(cli.stdout).toBe(ui.content);
      const cliWithDeleted = await runCli(['export', 'employees', '--format', 'csv', '--include-deleted', '--data', dir]);
      expect(cliWithDeleted.stdout).toBe(uiWithDeleted.content);

      expect(ui.content.startsWith('\uFEFFintegrationId,recordId,')).toBe(true);
      expect(runs.content.startsWith('\uFEFFsyncRunId,')).toBe(true);
      const rows = ui.content.split('\r\n').filter(Boolean);
      expect(rows).toHaveLength(2); // the header and r_1: r_2 was deleted
      expect(rows[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")",Zoë`);
      expect(uiWithDeleted.content).toContain(",'@SUM(A1),");
      expect(uiWithDeleted.rows).toBe(2);
    } finally {
      await removeDir(dir);
    }
  }, 60_000);
});
