import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ChildSandbox {
  readonly graphqlUrl: string;
  readonly wsUrl: string;
  readonly url: string;
  readonly accounts: {
    id: string;
    username: string;
    wallets: { id: string; currency: 'BTC' | 'USD' }[];
    apiKeys: { key: string; scopes: string[] }[];
  }[];
  /** The sandbox process, for CPU accounting. */
  readonly pid: number;
  close(): Promise<void>;
}

/** Starts `sandbox-child.ts` under tsx and resolves once it printed its ready line. */
export function spawnSandbox(options: Record<string, unknown>): Promise<ChildSandbox> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'sandbox-child.ts'), JSON.stringify(options)],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sandbox process exited with ${code}`)));
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.includes('sandbox-ready')) return;
      const ready = JSON.parse(line) as Omit<ChildSandbox, 'close' | 'pid'>;
      resolve({
        ...ready,
        pid: child.pid!,
        close: () => new Promise<void>((done) => {
          child.removeAllListeners('exit');
          child.once('exit', () => done());
          child.stdin!.end();
          setTimeout(() => child.kill('SIGTERM'), 2_000).unref();
        }),
      });
    });
  });
}
