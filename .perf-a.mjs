import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
for (const s of process.env.SPEC.split(',')) require(s);
