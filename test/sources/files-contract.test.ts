import { createFilesSource } from '../../src/sources/files/index.js';
import { SAMPLE } from '../helpers/cli.js';
import { crmSourceContract, sheetSourceContract } from './contract.js';

// The files source is the reference; it passes its own contract trivially, which keeps the
// suite itself honest (it must run green against the reference before it judges others).
sheetSourceContract('files', async () => ({ source: createFilesSource({ path: SAMPLE }) }));
crmSourceContract('files', async () => ({ source: createFilesSource({ path: SAMPLE }) }));
