// A billing-system export as rows: JSON (an array of objects), or CSV with a header line,
// whatever its separator (`,` `;` tab `|`, found from the header line), with or without a
// byte-order mark. One reader for POST /api/admin/import/:kind and `npm run import`.
import { parse as parseCsv } from 'csv-parse/sync';
import { Invalid } from '../errors';

const SEPARATORS = [',', ';', '\t', '|'] as const;

/** The separator the header line uses most, outside quotes (`,` when it has none: a one-column file). */
export function detectDelimiter(text: string): string {
  const header = (text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '').replace(/"[^"]*"/g, '');
  let best: string = ',';
  let most = 0;
  for (const sep of SEPARATORS) {
    const n = header.split(sep).length - 1;
    if (n > most) {
      best = sep;
      most = n;
    }
  }
  return best;
}

/** Rows of a CSV text (header line first); a broken file is an Invalid naming the line. */
export function readCsv(text: string): Record<string, string>[] {
  try {
    return parseCsv(text, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      delimiter: detectDelimiter(text),
      relax_column_count_less: true,
    }) as Record<string, string>[];
  } catch (err) {
    throw Invalid(`CSV could not be read: ${(err as Error).message}`);
  }
}

/** Rows of a file by its name (`.json` or else CSV). */
export function readTable(text: string, filename: string): unknown[] {
  if (filename.toLowerCase().endsWith('.json')) {
    let rows: unknown;
    try {
      rows = JSON.parse(text);
    } catch (err) {
      throw Invalid(`JSON could not be read: ${(err as Error).message}`);
    }
    if (!Array.isArray(rows)) throw Invalid('a JSON import is an array of rows');
    return rows;
  }
  return readCsv(text);
}
