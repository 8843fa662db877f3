import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../src/render/index.js';
import { CONTEXT, sampleDigest, win } from '../fixtures/digests.js';

describe('owners in the email', () => {
  it('shows two owners of the same name with their e-mail, and a unique name alone', async () => {
    const d = sampleDigest();
    d.wins = [win('Acme', 12000, { owner: 'Jürgen Müller', ownerId: '1', ownerEmail: 'j.mueller@example.com' }), win('Beta', 9000, { owner: 'Anna Weber', ownerId: '3', ownerEmail: 'a.weber@example.com' })];
    d.slaBreachesByOwner = [
      { ownerId: '2', owner: 'Jürgen Müller', email: 'juergen.mueller@example.com', count: 4 },
      { ownerId: '1', owner: 'Jürgen Müller', email: 'j.mueller@example.com', count: 11 },
    ];
    const { text } = await renderDigest(d, CONTEXT);
    expect(text).toContain('Jürgen Müller (juergen.mueller@example.com)');
    expect(text).toContain('Jürgen Müller (j.mueller@example.com)');
    expect(text).toContain('Anna Weber');
    expect(text).not.toContain('a.weber@example.com');
  });
});
