// DATA_DIR/runtime.json: where a running `npm start` put its embedded services, so the tools
// that come after it (`npm run worker`, `npm run import`, `npm run simulate`) find them.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RuntimeInfo {
  mongoUri: string;
  redisUrl: string;
  port: number;
  pid: number;
  /** What the server signs Twilio webhooks against, and the token it checks them with (the file is readable by its owner only). */
  publicBaseUrl?: string;
  twilioAuthToken?: string;
  twilioAccountSid?: string;
  twilioFromNumber?: string;
}

const fileIn = (dataDir: string) => join(dataDir, 'runtime.json');

export function writeRuntimeFile(dataDir: string, info: RuntimeInfo): void {
  writeFileSync(fileIn(dataDir), JSON.stringify(info), { mode: 0o600 });
  chmodSync(fileIn(dataDir), 0o600); // a file written by an older version keeps its mode otherwise
}

/** What the last `npm start` on this data folder wrote, or null when none did. */
export function readRuntimeFile(dataDir: string): Partial<RuntimeInfo> | null {
  const file = fileIn(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<RuntimeInfo>) : null;
}
