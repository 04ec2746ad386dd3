import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** `blink-gateway sandbox` as a user runs it: a spawned process, its ready line, one request, a signal. */
jest.setTimeout(60_000);
const root = path.resolve(__dirname, '../../..');

function readyLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const end = stdout.indexOf('\n');
      if (end >= 0) resolve(stdout.slice(0, end));
    });
    child.on('close', (code) => reject(new Error(`exited ${String(code)} before the ready line: ${stderr}`)));
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

describe('blink-gateway sandbox', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('npm run -s cli -- sandbox --port 0: prints the ready line, serves Blink\'s protocol, stops on SIGTERM', async () => {
    const child = spawn('npm', ['run', '-s', 'cli', '--', 'sandbox', '--port', '0'], { cwd: root, detached: true });
    try {
      const ready = JSON.parse(await readyLine(child)) as { event: string; graphqlUrl: string; wsUrl: string; accounts: { wallets: { id: string; currency: string }[]; apiKeys: { key: string; scopes: string[] }[] }[] };
      expect(ready).toMatchObject({ event: 'sandbox-ready', graphqlUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/), wsUrl: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/graphql$/) });
      expect(ready.accounts).toHaveLength(1);
      const [account] = ready.accounts;
      expect(account!.wallets.map((wallet) => wallet.currency)).toEqual(['BTC', 'USD']);
      expect(account!.apiKeys.map((key) => key.scopes.join('+'))).toEqual(['READ+RECEIVE', 'RECEIVE', 'READ', 'READ+RECEIVE+WRITE']);
      for (const { key } of account!.apiKeys) expect(key).toMatch(/^blink_[A-Za-z0-9]{64}$/);
      const response = await fetch(ready.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-API-KEY': account!.apiKeys[0]!.key },
        body: JSON.stringify({ query: '{ me { defaultAccount { defaultWallet { id currency } } } }' }),
      });
      expect(await response.json()).toEqual({ data: { me: { defaultAccount: { defaultWallet: account!.wallets[0] } } } });
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
    await exited(child);
  });

  it('a bad seed file is refused with exit 2 and the field named', async () => {
    const seedFile = path.join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify({ accounts: [{ username: 'x', wallets: [] }] }));
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/cli.ts', 'sandbox', '--port', '0', '--seed', seedFile], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    expect(await exited(child)).toEqual({ code: 2, signal: null });
    expect(stderr).toContain('accounts.0.username');
    expect(stderr).toContain('accounts.0.wallets: an account needs at least one wallet');
  });
});
