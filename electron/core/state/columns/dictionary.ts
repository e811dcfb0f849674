/**
 * The distinct values of a column that repeats (event type, run, job, integration, environment, department…)
 * as small integer codes: a row stores its code, the dictionary its string once. Code 0 is null.
 */
export class Dictionary {
  private readonly codes = new Map<string, number>();
  private readonly values: Array<string | null> = [null];

  /** A dictionary holding `values` in order (codes 1…n), as a snapshot lists them. */
  static of(values: readonly string[]): Dictionary {
    const d = new Dictionary();
    for (const v of values) d.code(v);
    return d;
  }

  /** The code of `value`, added when new; 0 for null. */
  code(value: string | null): number {
    if (value === null) return 0;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  /** The code of `value` if known (0 for null, -1 when never seen): for filters, which must not add. */
  find(value: string | null): number {
    return value === null ? 0 : (this.codes.get(value) ?? -1);
  }

  /** The value of `code` (null for 0 or an unknown code). */
  value(code: number): string | null {
    return this.values[code] ?? null;
  }

  /** How many codes, including 0. */
  get size(): number {
    return this.values.length;
  }

  /** The values of codes 1…n, for a snapshot. */
  list(): string[] {
    return this.values.slice(1) as string[];
  }
}
