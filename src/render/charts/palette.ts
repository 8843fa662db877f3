/**
 * RGBA pixels (opaque) → an 8-bit palette PNG (colour type 3). Exact when the image has at most
 * 256 colours; otherwise colours are grouped by their top bits (fewer bits until 256 groups or
 * fewer remain) and each group is drawn in its members' average colour, which only touches
 * the anti-aliased edges of a chart. Deterministic: same pixels, same bytes.
 */
import { deflateSync } from 'node:zlib';

export function encodePalettePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const count = width * height;
  const keys = new Uint32Array(count);
  for (let i = 0; i < count; i++) keys[i] = (rgba[i * 4]! << 16) | (rgba[i * 4 + 1]! << 8) | rgba[i * 4 + 2]!;

  let groupOf = (key: number) => key;
  for (let bits = 8; bits >= 1; bits--) {
    const shift = 8 - bits;
    const mask = ((0xff >> shift) << shift) & 0xff;
    const group = (key: number) => key & ((mask << 16) | (mask << 8) | mask);
    const seen = new Set<number>();
    for (let i = 0; i < count && seen.size <= 256; i++) seen.add(group(keys[i]!));
    if (seen.size <= 256) {
      groupOf = group;
      break;
    }
  }

  // Palette: groups in order of first appearance; each entry the average of its pixels.
  const index = new Map<number, number>();
  const sums: number[][] = [];
  const indices = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const g = groupOf(keys[i]!);
    let k = index.get(g);
    if (k === undefined) {
      k = index.size;
      index.set(g, k);
      sums.push([0, 0, 0, 0]);
    }
    const s = sums[k]!;
    s[0]! += rgba[i * 4]!;
    s[1]! += rgba[i * 4 + 1]!;
    s[2]! += rgba[i * 4 + 2]!;
    s[3]! += 1;
    indices[i] = k;
  }
  const plte = Buffer.alloc(sums.length * 3);
  sums.forEach(([r, g, b, n], k) => {
    plte[k * 3] = Math.round(r! / n!);
    plte[k * 3 + 1] = Math.round(g! / n!);
    plte[k * 3 + 2] = Math.round(b! / n!);
  });

  // Scanlines with filter type 0 (none), the usual choice for palette images.
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    raw.set(indices.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 3, 0, 0, 0], 8); // bit depth 8, palette, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', plte),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
