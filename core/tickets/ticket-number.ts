import { reserveSequence } from '../../models/counter';

const BLOCK = 20;
let next = 0;
let end = -1;
let pending: Promise<void> | null = null;

/**
 * Human ticket numbers ("T-000123"). Each process reserves a block of numbers with one
 * `$inc`, so numbering costs one store write per 20 tickets; numbers stay unique across
 * nodes, and a block lost in a crash leaves a gap, never a duplicate.
 */
export async function nextTicketNumber(): Promise<string> {
  while (next > end) {
    if (!pending) {
      pending = reserveSequence('ticket', BLOCK).then(
        (first) => {
          next = first;
          end = first + BLOCK - 1;
          pending = null;
        },
        (err: unknown) => {
          pending = null;
          throw err;
        },
      );
    }
    await pending;
  }
  const n = next++;
  return `T-${String(n).padStart(6, '0')}`;
}

/** For tests that reset the store between cases. */
export function resetTicketNumbers(): void {
  next = 0;
  end = -1;
}

/**
 * Gives up the rest of the current block: a number of it was found taken (two processes were
 * handed the same block by a store that lost an `$inc`), so the next ticket reserves anew.
 */
export function abandonTicketNumbers(): void {
  next = 0;
  end = -1;
}
