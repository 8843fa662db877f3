/** The PostgreSQL store against the state-store contract, on a real throw-away server. */
import { afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { stateStoreContract } from './contract.js';
import { openPostgresStateStore } from '../../src/state/postgres/index.js';
import { freshSchema, startPostgres, type PostgresCluster } from '../helpers/postgres.js';

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 120_000);
afterAll(async () => {
  await cluster?.destroy();
});

stateStoreContract('postgres', async () => {
  const schema = freshSchema();
  const open = () => openPostgresStateStore({ url: cluster.url }, { schema });
  const store = await open();
  return {
    store,
    openAgain: open,
    breakEntry: async (key) => {
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      await client.query(`UPDATE "${schema}".ledger SET record = jsonb_set(record, '{state}', '"shipped"') WHERE digest_id = $1 AND week = $2 AND kind = $3`, [key.digestId, key.week, key.kind]);
      await client.end();
    },
    cleanup: async () => {
      await store.close();
    },
  };
});
