// `npm run import -- <customers|contracts|bills|payments> <file.csv|file.json>`
// Imports a billing-system export straight into the store: MONGODB_URI when set, else the
// embedded store of a server started with `npm start` (found through DATA_DIR/runtime.json).
// Exit 0: all rows imported; 2: some rows refused (the report says which); 1: nothing done,
// with one line saying why (no running server, unreadable file, store unreachable); 64: usage.
import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { loadConfig } from '../core/config';
import { IMPORT_KINDS, importRows, type ImportKind } from '../core/import/import-rows';
import { readTable } from '../core/import/read-table';
import { connectStore } from '../models';
import { runTool, storeUri, ToolStop } from './running-server';

async function main(): Promise<number> {
  const [kind, file] = process.argv.slice(2);
  if (!kind || !file || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
    process.stderr.write(`usage: npm run import -- <${IMPORT_KINDS.join('|')}> <file.csv|file.json>\n`);
    return 64;
  }
  const config = loadConfig();
  const uri = storeUri(config);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ToolStop(`${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  // The same reader as the HTTP route: JSON, or CSV with `,` `;` tab or `|` (core/import/read-table.ts).
  let rows: unknown[];
  try {
    rows = readTable(text, file);
  } catch (err) {
    throw new ToolStop(`${file}: ${(err as Error).message}`);
  }
  await connectStore(uri).catch((err: unknown) => {
    throw new ToolStop(`Cannot reach the store (${(err as Error).message.split('\n')[0]}): is the server running?`);
  });
  try {
    const report = await importRows(kind as ImportKind, rows, config);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.failed > 0 ? 2 : 0;
  } finally {
    await mongoose.disconnect();
  }
}

runTool(main);
