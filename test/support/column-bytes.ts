/** Test helpers: the columns of a table built in memory (none of them in a file) as plain bytes. */
import { isSpliced, type ColumnBytes } from '../../electron/core/state/columns/file-region';
import type { ColumnSection } from '../../electron/core/state/columns/column-file';

/** `bytes` when they are all in memory; throws for a column partly in a file. */
export function memory(bytes: ColumnBytes): Uint8Array {
  if (isSpliced(bytes)) throw new Error('a column partly in a file');
  return bytes;
}

/** `parts` with its `data` column in memory (a heap's or a search text's storage). */
export const inMemory = <T extends { data: ColumnBytes }>(parts: T): Omit<T, 'data'> & { data: Uint8Array } => ({ ...parts, data: memory(parts.data) });

/** A section's columns, all in memory, by name. */
export const memoryColumns = (section: ColumnSection): Map<string, Uint8Array> =>
  new Map(Object.entries(section.columns).map(([name, bytes]) => [name, memory(bytes)]));
