/**
 * SVG → PNG with resvg at 2× (sharp on high-density screens), with the bundled DejaVu fonts
 * only (`loadSystemFonts: false`), so a chart is the same bytes on every machine.
 *
 * resvg writes 32-bit RGBA; charts have an opaque background and a handful of colours plus
 * their anti-aliasing, so `palette.ts` re-encodes them as an 8-bit palette PNG, which is
 * several times smaller.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { encodePalettePng } from './palette.js';

export const SCALE = 2;

let fontFiles: string[] | undefined;
function fonts(): string[] {
  if (!fontFiles) {
    const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fontFiles = [join(dir, 'DejaVuSans.ttf'), join(dir, 'DejaVuSans-Bold.ttf')];
  }
  return fontFiles;
}

export interface Raster {
  png: Buffer;
  width: number;
  height: number;
}

/** Rasterises at `SCALE`×; `withText` loads the bundled fonts (sparklines need none). */
export function rasterise(svg: string, withText: boolean): Raster {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: SCALE },
    background: '#ffffff',
    shapeRendering: 2,
    textRendering: 1,
    font: withText
      ? { fontFiles: fonts(), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }
      : { loadSystemFonts: false },
  });
  const image = resvg.render();
  const { width, height } = image;
  return { png: encodePalettePng(image.pixels, width, height), width, height };
}
