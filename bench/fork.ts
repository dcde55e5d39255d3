// Forks a TypeScript file as a child process with IPC (through tsx) and waits for its first message.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface Forked<First> {
  child: ChildProcess;
  first: First;
  /** Sends `msg` and resolves to the child's next message. */
  ask<T>(msg: unknown): Promise<T>;
}

export function forkTs<First>(file: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<Forked<First>> {
  // BENCH_CPU_PROF=<dir>: each child writes a V8 CPU profile there (open it in Chrome DevTools).
  // BENCH_HEAP_PROF=<dir>: a sampling heap profile (where the allocations come from).
  const prof = [
    ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ...(process.env.BENCH_HEAP_PROF ? ['--heap-prof', `--heap-prof-dir=${process.env.BENCH_HEAP_PROF}`] : []),
    // BENCH_NODE_FLAGS="--trace-gc …": V8 / Node flags for the children, to study them.
    ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(/\s+/).filter(Boolean) : []),
  ];
  const child = fork(join(__dirname, file), args, {
    execArgv: [...prof, '--import', 'tsx'],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T>(msg: unknown) =>
    new Promise<T>((res) => {
      child.once('message', (m) => res(m as T));
      child.send(msg as never);
    });
  return new Promise((res, rej) => {
    child.once('message', (first) => res({ child, first: first as First, ask }));
    child.once('exit', (code) => rej(new Error(`${file} exited with ${code} before it was ready`)));
  });
}
