import mjml2html from 'mjml';
import { describe, expect, it } from 'vitest';
import { compileMjml } from '../../src/render/mjml-compiler.js';
import { renderMjml } from '../../src/render/index.js';
import { CONTEXT, maximalDigest, sampleDigest } from '../fixtures/digests.js';

const OPTIONS = { validationLevel: 'soft', fonts: {}, keepComments: false, minify: false, beautify: false } as const;

describe('MJML in the worker thread', () => {
  it.each([['sample', sampleDigest], ['maximal', maximalDigest]])('gives exactly the HTML plain mjml gives (%s week)', async (_, digest) => {
    const source = await renderMjml(digest(), CONTEXT);
    const [fromWorker, direct] = await Promise.all([compileMjml(source, 'soft'), mjml2html(source, OPTIONS)]);
    expect(fromWorker.html).toBe(direct.html);
    expect(fromWorker.errors).toEqual([]);
  });

  it('reports invalid MJML in strict mode', async () => {
    await expect(compileMjml('<mjml><mj-body><mj-nope/></mj-body></mjml>', 'strict')).rejects.toThrow(/mj-nope/);
  });
});
