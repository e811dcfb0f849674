/**
 * Draws the app icon, build/icon.png (1024×1024 RGBA; electron-builder derives the .icns/.ico and Linux
 * sizes from it): a rounded teal square with a white sync ring and an arrowhead. Pure Node: PNG written
 * by hand (signature, IHDR, zlib-deflated IDAT, IEND; https://www.w3.org/TR/png/), 4×4 supersampling.
 * Run: `tsx electron/main/build/make-icon.ts` (the PNG is committed; rerun only to change it).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { ROOT } from './build';

const SIZE = 1024;
const SAMPLES = 4;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA pixels (row-major, 4 bytes each) as a PNG. */
function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, no filter method variants, no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Which colour the icon has at (x, y) in [0, 1]²: null outside, 'bg' or 'fg'. */
function shade(x: number, y: number): 'bg' | 'fg' | null {
  const margin = 0.06;
  const radius = 0.2;
  const cx = Math.min(Math.max(x, margin + radius), 1 - margin - radius);
  const cy = Math.min(Math.max(y, margin + radius), 1 - margin - radius);
  if (Math.hypot(x - cx, y - cy) > radius) return null;
  const dx = x - 0.5;
  const dy = y - 0.5;
  const r = Math.hypot(dx, dy);
  const angle = Math.atan2(dy, dx); // -π..π, 0 = east
  const onRing = r > 0.22 && r < 0.3 && !(angle > -0.35 && angle < 0.35);
  // Arrowhead at the gap's lower end, pointing up.
  const ax = 0.5 + 0.26 * Math.cos(0.35);
  const ay = 0.5 + 0.26 * Math.sin(0.35);
  const inArrow = y < ay + 0.02 && y > ay - 0.12 && Math.abs(x - ax) < (y - (ay - 0.12)) * 0.9;
  const dot = Math.hypot(dx, dy) < 0.07;
  return onRing || inArrow || dot ? 'fg' : 'bg';
}

/** Renders the icon's RGBA pixels. */
function renderIcon(size = SIZE): Buffer {
  const bg = [15, 118, 110];
  const fg = [255, 255, 255];
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const s = shade((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          if (!s) continue;
          const c = s === 'fg' ? fg : bg;
          r += c[0]!;
          g += c[1]!;
          b += c[2]!;
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) out.set([Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((255 * a) / SAMPLES ** 2)], i);
    }
  }
  return out;
}

const target = path.join(ROOT, 'build', 'icon.png');
writeFileSync(target, encodePng(SIZE, SIZE, renderIcon()));
process.stdout.write(`${path.relative(ROOT, target)}\n`);
