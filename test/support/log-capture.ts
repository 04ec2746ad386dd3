import Transport from 'winston-transport';
import { createLogger, type Logger } from '../../src/adapters/log';

/**
 * A logger whose every line (after redaction and formatting, exactly as it would be written) is
 * kept in memory, so a test can prove that no secret reaches the logs.
 */
export interface LogCapture {
  readonly logger: Logger;
  readonly lines: string[];
  text(): string;
}

class MemoryTransport extends Transport {
  constructor(private readonly lines: string[]) {
    super({ level: 'silly' });
  }

  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    const formatted = info[Symbol.for('message')];
    this.lines.push(typeof formatted === 'string' ? formatted : JSON.stringify(info));
    next();
  }
}

export function captureLogs(level = 'silly'): LogCapture {
  const lines: string[] = [];
  const logger = createLogger({ level, transports: [new MemoryTransport(lines)] });
  return { logger, lines, text: () => lines.join('\n') };
}
