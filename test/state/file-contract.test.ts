/** The folder store against the state-store contract. */
import { rm, writeFile } from 'node:fs/promises';
import { stateStoreContract } from './contract.js';
import { createFileStateStore } from '../../src/state/file/index.js';
import { tempDir } from '../helpers/cli.js';

stateStoreContract('file', async () => {
  const dir = await tempDir('digest-state-');
  const store = createFileStateStore(dir);
  return {
    store,
    openAgain: async () => createFileStateStore(dir),
    breakEntry: async (key) => {
      await writeFile(createFileLedgerPath(dir, key), JSON.stringify({ digestId: key.digestId, week: key.week, kind: key.kind, state: 'shipped' }));
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

function createFileLedgerPath(dir: string, key: { digestId: string; week: string; kind: string }): string {
  return `${dir}/ledger/${key.digestId}/${key.week}${key.kind === 'digest' ? '' : `.${key.kind}`}.json`;
}
