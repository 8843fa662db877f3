import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFilesSource, SHEET_FILES } from '../../src/sources/files/index.js';
import { sheetFailureContract, type SheetCsv } from './contract.js';

// The files source is the reference of the record contracts (the other adapters are compared
// with it there); the failure contract holds it to the agreed issue list like every adapter.
sheetFailureContract('files', async (csv: SheetCsv) => {
  const dir = await mkdtemp(join(tmpdir(), 'digest-contract-'));
  await Promise.all(Object.entries(csv).map(([tab, text]) => writeFile(join(dir, SHEET_FILES[tab as keyof SheetCsv]), text)));
  return { source: createFilesSource({ path: dir }) };
});
