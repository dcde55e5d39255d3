// DATA_DIR/server.lock: one supervisor per data folder. Two would start a second FerretDB and
// redis-server on the same files and overwrite each other's runtime file; the second start
// is refused, naming the first one's pid and port. A lock whose process is gone (kill -9)
// is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { runs } from './processes';

export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly port: number | undefined,
  ) {
    super(
      `Already running on the data folder ${dataDir}: pid ${pid}, port ${port ?? 'not yet listening'}. ` +
        'Stop that server first (kill -TERM ' +
        pid +
        '), or give this one another DATA_DIR.',
    );
    this.name = 'DataDirInUse';
  }
}

export interface DataLock {
  /** Adds the port once the server listens, for the message a second start prints. */
  setPort(port: number): void;
  release(): void;
}

interface Holder {
  pid: number;
  port?: number;
}

/** A pid is the holder's only while it is alive and a node process: pids are reused. */
const holds = (pid: number) => pid !== process.pid && runs(pid, /node|tsx/);

function read(file: string): Holder | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Holder;
  } catch {
    return null; // being written, or damaged: treated as free below only if its pid is gone
  }
}

export function lockDataDir(dataDir: string): DataLock {
  const file = join(dataDir, 'server.lock');
  const mine: Holder = { pid: process.pid };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx'); // atomic: exactly one of two racing starts creates it
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw err;
      const holder = read(file);
      if (holder && holds(holder.pid)) throw new DataDirInUse(dataDir, holder.pid, holder.port);
      if (!holder && attempt === 0) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200); // a racing start may be writing it
        continue;
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  return {
    setPort(port) {
      mine.port = port;
      writeFileSync(file, JSON.stringify(mine));
    },
    release() {
      if (read(file)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}
