/**
 * RGBA pixels (opaque) → an 8-bit palette PNG (colour type 3). Exact when the image has at most
 * 256 colours; otherwise colours are grouped by their top bits (fewer bits until 256 groups or
 * fewer remain) and each group is drawn in its members' average colour, which only touches
 * the anti-aliased edges of a chart. Deterministic: same pixels, same bytes.
 */
import * as zlib from 'node:zlib';
import { deflateSync } from 'node:zlib';

/** Whether a Uint32Array view reads RGBA bytes as r | g << 8 | b << 16 | a << 24. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * One key (r | g << 8 | b << 16) per pixel. A cold run executes this before the JIT has warmed
 * up, so the loops read one 32-bit word per pixel and reuse the previous pixel's answer (most
 * pixels continue a run of background).
 */
function pixelKeys(rgba: Uint8Array, count: number): Uint32Array {
  const keys = new Uint32Array(count);
  if (LITTLE_ENDIAN && rgba.byteOffset % 4 === 0) {
    const words = new Uint32Array(rgba.buffer, rgba.byteOffset, count);
    for (let i = 0; i < count; i++) keys[i] = words[i]! & 0xffffff;
  } else {
    for (let i = 0; i < count; i++) keys[i] = rgba[i * 4]! | (rgba[i * 4 + 1]! << 8) | (rgba[i * 4 + 2]! << 16);
  }
  return keys;
}

/** The number of distinct `key & mask`, or 257 as soon as there are more than 256. */
function distinct(keys: Uint32Array, mask: number): number {
  const seen = new Set<number>();
  let last = -1;
  for (let i = 0; i < keys.length; i++) {
    const g = keys[i]! & mask;
    if (g === last) continue;
    last = g;
    seen.add(g);
    if (seen.size > 256) return 257;
  }
  return seen.size;
}

interface Assignment {
  index: Map<number, number>;
  sums: Float64Array;
  members: Uint32Array;
  indices: Uint8Array;
}

/** Palette indices for `key & mask`, groups in order of first appearance; null past 256 groups. */
function assign(keys: Uint32Array, mask: number): Assignment | null {
  const index = new Map<number, number>();
  const sums = new Float64Array(256 * 3);
  const members = new Uint32Array(256);
  const indices = new Uint8Array(keys.length);
  let lastGroup = -1;
  let lastIndex = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const g = key & mask;
    let k = lastIndex;
    if (g !== lastGroup) {
      const found = index.get(g);
      if (found === undefined) {
        k = index.size;
        if (k === 256) return null;
        index.set(g, k);
      } else k = found;
      lastGroup = g;
      lastIndex = k;
    }
    sums[k * 3]! += key & 0xff;
    sums[k * 3 + 1]! += (key >>> 8) & 0xff;
    sums[k * 3 + 2]! += (key >>> 16) & 0xff;
    members[k]!++;
    indices[i] = k;
  }
  return { index, sums, members, indices };
}

export function encodePalettePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const keys = pixelKeys(rgba, width * height);
  // Exact when there are at most 256 colours (the usual case); else fewer bits per channel.
  let assigned = assign(keys, 0xffffff);
  for (let bits = 7; !assigned && bits >= 1; bits--) {
    const channel = (0xff << (8 - bits)) & 0xff;
    const mask = channel | (channel << 8) | (channel << 16);
    if (distinct(keys, mask) <= 256) assigned = assign(keys, mask);
  }
  const { index, sums, members, indices } = assigned!;

  const plte = Buffer.alloc(index.size * 3);
  for (let k = 0; k < index.size; k++) {
    plte[k * 3] = Math.round(sums[k * 3]! / members[k]!);
    plte[k * 3 + 1] = Math.round(sums[k * 3 + 1]! / members[k]!);
    plte[k * 3 + 2] = Math.round(sums[k * 3 + 2]! / members[k]!);
  }

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
    // Level 6 (zlib's default): level 9 took the sample's 20 charts ~20 ms more to save 1.4 KB of 23.
    chunk('IDAT', deflateSync(raw, { level: 6 })),
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

/** Node's own CRC-32 (Node ≥ 20.15), else the table below. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

function crc32(data: Buffer): number {
  if (nativeCrc32) return nativeCrc32(data) >>> 0;
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
