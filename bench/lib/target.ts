// Driver side of a benchmark target: forks bench/lib/target-main.ts, waits until it listens, talks to it over IPC.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TargetOp, TargetReply, TargetRequest, TargetSpec } from './target-protocol.ts';

export interface Target {
  url: string;
  adminKey: string | undefined;
  pid: number | undefined;
  /** Asks the target for something (challenges, diagnostics). */
  call<T>(op: TargetOp): Promise<T>;
  /** Closes the target's server and database and waits for its process to end (killing it after 15 s). */
  close(): Promise<void>;
}

const entry = fileURLToPath(new URL('./target-main.ts', import.meta.url));

export async function startTarget(spec: TargetSpec): Promise<Target> {
  const child: ChildProcess = fork(entry, [JSON.stringify(spec)], {
    // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every target when it exits (open it in Chrome DevTools).
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  const ready = new Promise<{ url: string; adminKey: string | undefined }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`target ${spec.kind} exited early (code ${code})`)));
    child.on('message', (m: TargetReply) => {
      if ('ready' in m) {
        if (m.ready) resolve({ url: m.url, adminKey: m.adminKey });
        else reject(new Error(`target ${spec.kind} failed to start: ${m.error}`));
        return;
      }
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.error));
    });
  });
  const { url, adminKey } = await ready;
  const call = <T>(req: TargetOp): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: (v) => resolve(v as T), reject });
      child.send({ ...req, id } as TargetRequest);
    });
  return {
    url,
    adminKey,
    pid: child.pid,
    call,
    close: async () => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      try {
        if (child.connected) await Promise.race([call({ op: 'close' }), exited]);
        await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
