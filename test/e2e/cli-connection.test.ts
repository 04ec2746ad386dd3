/** `blink-gateway connection parse` as users run it: a spawned process, its exit code and its streams. */
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const KEY = 'blink_0123456789abcdefghijklmnopqrstuvwxyzAbCd';
const WALLET = '9d4f8a2c-3b7e-4e1a-9c5d-2f6b8e0a1c3d';
const DASHBOARD = `type=blink;server=https://api.blink.sv/graphql;api-key=${KEY};wallet-id=${WALLET}`;

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs the CLI through tsx (as `npm run -s cli` does, minus npm's start-up time). */
function cli(args: readonly string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const dashboardJson = {
  mode: 'api-key', server: 'https://api.blink.sv/graphql', websocketUrl: 'wss://ws.blink.sv/graphql',
  apiKey: 'blink_…AbCd', walletId: WALLET, currency: null, allowInsecure: false, warnings: [],
};

describe('blink-gateway connection parse', () => {
  test('a valid string: one JSON object on stdout, key redacted, exit 0', async () => {
    const run = await cli(['connection', 'parse', DASHBOARD]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual(dashboardJson);
    expect(run.stdout).not.toContain(KEY);
  });

  test('- reads the string from stdin (a trailing newline is the transport’s)', async () => {
    const run = await cli(['connection', 'parse', '-'], `${DASHBOARD}\n`);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual(dashboardJson);
  });

  test('keyless and sandbox-style strings report mode, websocket URL and warnings', async () => {
    const run = await cli(['connection', 'parse', '-'], `type=blink;server=http://127.0.0.1:4455/graphql;allowinsecure=true;wallet-id=${WALLET};currency=USD;label=shop`);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      mode: 'keyless', server: 'http://127.0.0.1:4455/graphql', websocketUrl: 'ws://127.0.0.1:4455/graphql',
      apiKey: null, walletId: WALLET, currency: 'USD', allowInsecure: true,
      warnings: ["Unknown key 'label' is ignored", expect.stringContaining('plain http'), expect.stringContaining('OnBehalfOfRecipient')],
    });
  });

  test('a bad string: BTCPay’s message on stderr, a hint, nothing on stdout, exit 2', async () => {
    const run = await cli(['connection', 'parse', `type=blink;server=https://api.blink.sv/graphql;wallet-id=`]);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    const [first, second] = run.stderr.split('\n');
    expect(first).toBe("error: The key 'api-key' is not found");
    expect(second).toMatch(/^hint: /);
  });

  test('a bad string from stdin never echoes the key', async () => {
    const run = await cli(['connection', 'parse', '-'], `type=blink;api-key=${KEY};currency=usd`);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^error: Invalid Blink Wallet Currency \(Only BTC and USD are supported\)\n/);
    expect(run.stderr).not.toContain(KEY);
  });

  test.each([
    [['connection'], 'missing subcommand'],
    [['connection', 'frobnicate'], "unknown subcommand 'frobnicate'"],
    [['connection', 'parse'], 'exactly one argument'],
    [['connection', 'parse', 'type=blink;wallet-id=a', 'extra'], 'exactly one argument'],
  ])('usage errors: %j → usage on stderr, exit 2', async (args, problem) => {
    const run = await cli(args);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain(problem);
    expect(run.stderr).toContain('usage: blink-gateway connection parse');
  });

  test('--help prints the usage on stdout, exit 0', async () => {
    const run = await cli(['connection', '--help']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('usage: blink-gateway connection parse');
  });
});
