// `npm run import -- <customers|contracts|bills|payments> <file.csv|file.json>`
// Imports a billing-system export straight into the store: MONGODB_URI when set, else the
// embedded store of a server started with `npm start` (found through DATA_DIR/runtime.json).
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import mongoose from 'mongoose';
import { ConfigError, loadConfig } from '../core/config';
import { IMPORT_KINDS, importRows, type ImportKind } from '../core/import/import-rows';
import { connectStore } from '../models';
import { readRuntimeFile } from '../runtime/runtime-file';

async function main(): Promise<number> {
  const [kind, file] = process.argv.slice(2);
  if (!kind || !file || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
    process.stderr.write(`usage: npm run import -- <${IMPORT_KINDS.join('|')}> <file.csv|file.json>\n`);
    return 64;
  }
  const config = loadConfig();
  const uri = config.MONGODB_URI ?? readRuntimeFile(config.DATA_DIR)?.mongoUri;
  if (!uri) {
    process.stderr.write('No store: set MONGODB_URI, or start the server (npm start) so its embedded store can be found.\n');
    return 1;
  }
  const text = readFileSync(file, 'utf8');
  const rows: unknown = file.toLowerCase().endsWith('.json')
    ? JSON.parse(text)
    : parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  if (!Array.isArray(rows)) {
    process.stderr.write('The file must hold a JSON array of rows or a CSV table with a header line.\n');
    return 1;
  }
  await connectStore(uri);
  try {
    const report = await importRows(kind as ImportKind, rows, config);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.failed > 0 ? 2 : 0;
  } finally {
    await mongoose.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
