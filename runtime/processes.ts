// Questions about another process by its pid, for the pid files and the data-folder lock.
import { existsSync, readFileSync } from 'node:fs';

const hasProc = () => existsSync('/proc/self/stat');

/** Alive and not a zombie (a zombie has exited; only its parent has not collected it yet). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!hasProc()) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Alive and (where /proc tells) running a command line that matches: pids are reused. */
export function runs(pid: number, pattern: RegExp): boolean {
  if (!isAlive(pid)) return false;
  if (!hasProc()) return true;
  try {
    return pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}
