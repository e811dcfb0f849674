import { describe, expect, it } from 'vitest';
import { rowWindow } from '../../../renderer/model/row-window';

describe('rowWindow (fixed-height windowing)', () => {
  const options = { overscan: 6, overscanAtTop: 2, offset: 28 };

  it('at the top renders the visible rows plus the smaller overscan below, none above', () => {
    // 700 px viewport, a 28 px header: rows 0..24 intersect it (the last one partly).
    expect(rowWindow(0, 700, 100_000, 28, options)).toEqual({ start: 0, end: 24 + 2 });
  });

  it('scrolled away renders the full overscan on both sides', () => {
    const top = 28 * 1000;
    expect(rowWindow(top, 700, 100_000, 28, options)).toEqual({ start: 999 - 6, end: 999 + 25 + 6 });
  });

  it('never reaches past either end of the list', () => {
    expect(rowWindow(0, 700, 5, 28, options)).toEqual({ start: 0, end: 5 });
    expect(rowWindow(28 * 200, 700, 100, 28, options)).toEqual({ start: 100, end: 100 });
    expect(rowWindow(0, 700, 0, 28, options)).toEqual({ start: 0, end: 0 });
  });

  it('uses one overscan everywhere when none is given for the top', () => {
    expect(rowWindow(0, 700, 100_000, 28, { overscan: 6, offset: 28 })).toEqual({ start: 0, end: 24 + 6 });
  });
});
