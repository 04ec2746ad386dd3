/**
 * `blink-gateway connection parse '<string>' | -`: how the gateway reads a Blink connection string, as
 * JSON with the key redacted. `-` reads the string from stdin, so the key stays out of shell history
 * and `ps`.
 */
import { describeConnection, isConnectionStringError, parseConnectionString } from '../../connection-string';
import { EXIT_OK, EXIT_USAGE, printError, readAll, type CliCommand, type CliIo } from './io';

const USAGE = `usage: blink-gateway connection parse '<connection string>'
       blink-gateway connection parse -     (reads the string from stdin)

Prints how the gateway reads a Blink connection string, as JSON (the API key redacted).
Exit 0 if the string is valid, 2 (with BTCPay's error message) if it is not.
`;

export const run: CliCommand = async (args, io) => {
  const [subcommand, ...rest] = args;
  if (subcommand === '--help' || subcommand === '-h' || subcommand === 'help') {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (subcommand !== 'parse') return usageError(io, subcommand === undefined ? 'missing subcommand' : `unknown subcommand '${subcommand}'`);
  if (rest[0] === '--help' || rest[0] === '-h') {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (rest.length !== 1 || rest[0] === undefined) {
    return usageError(io, 'connection parse takes exactly one argument: the string, or - for stdin');
  }
  return parse(rest[0] === '-' ? stripLineEnd(await readAll(io.stdin)) : rest[0], io);
};

function parse(text: string, io: CliIo): number {
  const parsed = parseConnectionString(text);
  if (isConnectionStringError(parsed)) {
    const code = printError(io, parsed.message);
    if (parsed.hint !== undefined) io.stderr.write(`hint: ${parsed.hint}\n`);
    return code;
  }
  const output = { ...describeConnection(parsed.connection), warnings: parsed.warnings };
  io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return EXIT_OK;
}

/** `echo … |` and here-strings end the text with a newline: that is the transport's, not the string's. */
const stripLineEnd = (text: string): string => text.replace(/\r?\n$/, '');

function usageError(io: CliIo, problem: string): number {
  io.stderr.write(`error: ${problem}\n\n${USAGE}`);
  return EXIT_USAGE;
}
