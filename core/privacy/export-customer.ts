// A customer's data export (GDPR Art. 15 and 20; 152-FZ art. 14): every record as one JSON
// document, a readable PDF summary, and a zip of both with the attachment files and the
// formal-notice letters. Secrets (token hashes) and raw provider payloads are left out.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import PDFDocument from 'pdfkit';
import type { CoreContext } from '../context';
import { NotFound } from '../errors';
import { customerRecords, type CustomerRecords } from './records';

const UNICODE_FONTS = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf'];
const unicodeFont = UNICODE_FONTS.find((f) => existsSync(f));
const SECRET = /hash$|^raw$|^passwordHash$/i;

export interface CustomerExport {
  exportedAt: Date;
  accountNumber: string;
  records: CustomerRecords;
}

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === 'object' && !(value instanceof Date) && value.constructor === Object)
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !SECRET.test(k))
        .map(([k, v]) => [k, scrub(v)]),
    );
  if (value && typeof value === 'object' && 'toHexString' in value) return String(value);
  return value;
}

export async function exportCustomer(ctx: CoreContext, accountNumber: string): Promise<CustomerExport> {
  const records = await customerRecords(accountNumber);
  if (!records) throw NotFound('customer');
  return { exportedAt: ctx.clock.now(), accountNumber, records: scrub(records) as CustomerRecords };
}

/** The readable summary: who, how many of each kind, the open bills and the last contacts. */
export async function exportPdf(data: CustomerExport): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Data export ${data.accountNumber}` } });
  if (unicodeFont) doc.font(unicodeFont);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((res, rej) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => res(Buffer.concat(chunks)));
    doc.on('error', rej);
  });
  const r = data.records;
  const c = r.customer as { name?: string; phones?: string[]; emails?: string[]; language?: string; segment?: string };
  doc.fontSize(16).text(`Personal data held about account ${data.accountNumber}`);
  doc.moveDown(0.5).fontSize(9).text(`Exported ${data.exportedAt.toISOString()}`);
  doc.moveDown().fontSize(11);
  doc.text(`Name: ${c.name ?? ''}`);
  doc.text(`Phones: ${(c.phones ?? []).join(', ')}`);
  doc.text(`E-mails: ${(c.emails ?? []).join(', ')}`);
  doc.text(`Language: ${c.language ?? ''} · Segment: ${c.segment ?? ''}`);
  doc.moveDown().fontSize(13).text('Records');
  doc.fontSize(11);
  for (const [kind, rows] of Object.entries(r)) if (Array.isArray(rows)) doc.text(`${kind}: ${rows.length}`);
  doc.moveDown().fontSize(13).text('Bills');
  doc.fontSize(10);
  for (const b of r.bills as Array<{ billNumber?: string; amount?: number; currency?: string; status?: string; dueAt?: Date }>)
    doc.text(
      `${b.billNumber} · ${b.amount} ${b.currency ?? ''} · due ${b.dueAt ? new Date(b.dueAt).toISOString().slice(0, 10) : ''} · ${b.status}`,
    );
  doc.moveDown().fontSize(13).text('Contacts');
  doc.fontSize(10);
  for (const t of r.tickets as Array<{ number?: string; channel?: string; category?: string; status?: string; createdAt?: Date }>)
    doc.text(
      `${t.number} · ${t.channel} · ${t.category} · ${t.status} · ${t.createdAt ? new Date(t.createdAt).toISOString().slice(0, 10) : ''}`,
    );
  doc.moveDown().fontSize(9).text('The complete records are in export.json; attachments and letters are in the zip.');
  doc.end();
  return done;
}

/** export.json, summary.pdf, attachments/<key>, letters/<file>: only files under DATA_DIR with safe names. */
export async function exportZip(ctx: CoreContext, data: CustomerExport): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {
    'export.json': strToU8(JSON.stringify(data, null, 2)),
    'summary.pdf': new Uint8Array(await exportPdf(data)),
  };
  const root = resolve(ctx.config.DATA_DIR);
  const read = async (rel: string) => readFile(join(root, rel)).catch(() => null);
  for (const m of data.records.messages as Array<{ attachments?: Array<{ storageKey?: string; filename?: string }> }>)
    for (const a of m.attachments ?? []) {
      if (!a.storageKey || !/^[a-f0-9]{64}$/.test(a.storageKey)) continue;
      const bytes = await read(join('attachments', a.storageKey.slice(0, 2), a.storageKey));
      const name = (a.filename ?? 'file').replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 80);
      if (bytes) files[`attachments/${a.storageKey.slice(0, 12)}-${name}`] = new Uint8Array(bytes);
    }
  for (const r of data.records.reminders as Array<{ letterKey?: string }>) {
    if (!r.letterKey || !/^letters\/[A-Za-z0-9_.-]+\.pdf$/.test(r.letterKey)) continue;
    const bytes = await read(r.letterKey);
    if (bytes) files[r.letterKey] = new Uint8Array(bytes);
  }
  return zipSync(files, { level: 6 });
}
