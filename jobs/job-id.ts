/** BullMQ job ids must not contain ':'; ours are deterministic so a re-add is a no-op. */
export function jobId(...parts: Array<string | number>): string {
  return parts.map((p) => String(p).replace(/[^A-Za-z0-9_.-]/g, '_')).join('-');
}
