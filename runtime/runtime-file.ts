// DATA_DIR/runtime.json: where a running `npm start` put its embedded services, so the tools
// that come after it (`npm run worker`, `npm run import`, `npm run simulate`) find them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RuntimeInfo {
  mongoUri: string;
  redisUrl: string;
  port: number;
  pid: number;
}

const fileIn = (dataDir: string) => join(dataDir, 'runtime.json');

export function writeRuntimeFile(dataDir: string, info: RuntimeInfo): void {
  writeFileSync(fileIn(dataDir), JSON.stringify(info));
}

/** What the last `npm start` on this data folder wrote, or null when none did. */
export function readRuntimeFile(dataDir: string): Partial<RuntimeInfo> | null {
  const file = fileIn(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<RuntimeInfo>) : null;
}
