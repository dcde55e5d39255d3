// Starts one real FerretDB and one real redis-server for the whole run, on free ports in
// a temp dir. Each test file then works in a database of its own (test/support/server.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbedded } from '../../runtime/embedded';

export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-test-'));
  // FERRETDB_BIN runs the suite on another FerretDB build, e.g. a stock one, to see which
  // tests the patches in scripts/bootstrap.mjs make pass (test/integration/store-hazards.test.ts).
  const ferretdbBin = process.env.FERRETDB_BIN ? resolve(process.env.FERRETDB_BIN) : undefined;
  const services = await startEmbedded({ dataDir, persistRedis: false, ferretdbBin });
  process.env.TEST_MONGO_BASE = services.mongoUri.replace(/\/[^/]*$/, '');
  process.env.TEST_REDIS_URL = services.redisUrl;
  process.env.TEST_DATA_DIR = dataDir;
  (globalThis as { __hotlineServices?: unknown }).__hotlineServices = services;
}
