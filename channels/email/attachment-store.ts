// Where attachment bytes live, behind a small interface so GridFS or an object store can
// replace the file system. Keys are content hashes: a mail redelivered, or the same file
// sent twice, is stored once; keys carry no customer data.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';

export interface AttachmentStore {
  put(content: Uint8Array): Promise<string>;
  open(key: string): Promise<{ stream: Readable; size: number } | null>;
}

const KEY = /^[a-f0-9]{64}$/;

export class FileAttachmentStore implements AttachmentStore {
  private readonly root: string;
  constructor(dataDir: string) {
    this.root = resolve(dataDir, 'attachments');
  }

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error('bad attachment key');
    return join(this.root, key.slice(0, 2), key);
  }

  async put(content: Uint8Array): Promise<string> {
    const key = createHash('sha256').update(content).digest('hex');
    const path = this.pathOf(key);
    const exists = await stat(path).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await mkdir(join(this.root, key.slice(0, 2)), { recursive: true });
      // Write then rename, so a reader never sees half a file.
      const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(tmp, content);
      await rename(tmp, path);
    }
    return key;
  }

  async open(key: string): Promise<{ stream: Readable; size: number } | null> {
    if (!KEY.test(key)) return null;
    const path = this.pathOf(key);
    const s = await stat(path).catch(() => null);
    if (!s) return null;
    return { stream: createReadStream(path), size: s.size };
  }
}

/** Types customers send with a complaint or a reading: documents and pictures. */
export const ALLOWED_ATTACHMENT_TYPES = new Set([
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'image/heif',
  'text/plain',
  'text/csv',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

export type AttachmentDecision = { store: true } | { store: false; reason: 'too_large' | 'type_not_allowed' };

export function attachmentDecision(contentType: string, size: number, maxBytes: number): AttachmentDecision {
  if (size > maxBytes) return { store: false, reason: 'too_large' };
  if (!ALLOWED_ATTACHMENT_TYPES.has(contentType.toLowerCase().split(';')[0]!.trim())) return { store: false, reason: 'type_not_allowed' };
  return { store: true };
}
