// The formal notice as a PDF letter (pdfkit), stored under DATA_DIR/letters; the post room
// picks it up from a postal-dispatch task. Written to a temp name and renamed, so a crash
// never leaves half a letter under the final name; an existing letter is kept as is.
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { translateReminder } from './catalog';

// Standard PDF fonts have no Cyrillic; a Unicode TTF is used when the system has one.
const UNICODE_FONTS = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf'];
const unicodeFont = UNICODE_FONTS.find((f) => existsSync(f));

export interface LetterInput {
  billNumber: string;
  stage: string;
  language: string;
  name: string;
  address?: string | null;
  amount: string;
  dueDate: string;
  date: string;
}

/** Storage key (relative to DATA_DIR) of a bill's letter for a stage. */
export const letterKey = (billNumber: string, stage: string): string =>
  join('letters', `${billNumber.replace(/[^A-Za-z0-9_.-]/g, '_')}-${stage}.pdf`);

export async function writeLetter(dataDir: string, input: LetterInput): Promise<string> {
  const key = letterKey(input.billNumber, input.stage);
  const path = join(dataDir, key);
  if (existsSync(path)) return key;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: translateReminder(input.language, 'letter.title'), Subject: input.billNumber },
  });
  if (unicodeFont) doc.font(unicodeFont);
  const out = createWriteStream(tmp);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  doc.pipe(out);
  doc.fontSize(10).text(input.date, { align: 'right' });
  doc.moveDown().text(input.name);
  if (input.address) doc.text(input.address);
  doc.moveDown(2).fontSize(13).text(translateReminder(input.language, 'letter.title'));
  doc
    .moveDown()
    .fontSize(11)
    .text(
      translateReminder(input.language, 'letter.body', {
        name: input.name,
        billNumber: input.billNumber,
        amount: input.amount,
        dueDate: input.dueDate,
      }),
    );
  doc.end();
  await done;
  renameSync(tmp, path);
  return key;
}
