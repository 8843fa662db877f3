/** Exit codes live with the error registry (`src/errors.ts`); re-exported for the commands. */
export { EXIT, exitCodeFor } from '../errors.js';
