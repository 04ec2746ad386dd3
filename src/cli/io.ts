/** What a CLI command may touch: its streams. Commands return their exit code instead of exiting. */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export type CliCommand = (args: readonly string[], io: CliIo) => Promise<number>;

/** Exit codes: 0 success, 1 failure at run time, 2 bad usage or bad input. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function printError(io: CliIo, message: string): number {
  io.stderr.write(`error: ${message}\n`);
  return EXIT_USAGE;
}

/** The configuration, or the exit code after printing what is wrong with it (`loadConfig` names each bad variable). */
export function configOrExit<C>(io: CliIo, readConfig: () => C): C | number {
  try {
    return readConfig();
  } catch (error) {
    return printError(io, error instanceof Error ? error.message : String(error));
  }
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
