import { describe, expect, it } from 'vitest';
import { parsePort, serve } from '../../src/cli/commands/preview.js';
import { EXAMPLE_CONFIG, runCli } from '../helpers/cli.js';

describe('digest preview --serve (command)', () => {
  it('starts on loopback, prints the URL, serves the page and stops cleanly', async () => {
    const lines: string[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const done = serve({ serve: true, port: '0', config: EXAMPLE_CONFIG, week: '2026-w47' }, io, stopped);
    await expect.poll(() => lines.join('\n'), { timeout: 10_000 }).toMatch(/preview on http:\/\/127\.0\.0\.1:\d+\/ \(loopback only\)/);
    const url = /http:\/\/\S+\//.exec(lines.join('\n'))![0];
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('KW 47');
    stop();
    await expect(done).resolves.toBe(0);
  });

  it('checks --port and --week before starting', async () => {
    expect(parsePort(undefined)).toBe(4310);
    expect(parsePort('0')).toBe(0);
    expect(() => parsePort('http')).toThrow(/--port: "http" is not a port number/);
    expect(() => parsePort('70000')).toThrow(/not a port number/);
    const r = await runCli(['preview', '--serve', '--port', 'x', '--config', EXAMPLE_CONFIG]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--port');
    const w = await runCli(['preview', '--serve', '--week', '47', '--port', '0', '--config', EXAMPLE_CONFIG]);
    expect(w.code).toBe(2);
  });

  it('lists --serve, --port and --host in the help', async () => {
    const r = await runCli(['preview', '--help']);
    expect(r.out).toMatch(/--serve/);
    expect(r.out).toMatch(/--port <n>/);
    expect(r.out).toMatch(/--host <host>.*127\.0\.0\.1/);
  });
});
