/** Saves an ExportResult as a file download (Blob + a[download]); works in the browser and in Electron. */
import type { ExportResult } from '../../shared/api/companion-api';

export function saveExport(result: ExportResult): void {
  const url = URL.createObjectURL(new Blob([result.content], { type: result.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = result.filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
