import winston from 'winston';

/**
 * The gateway's logger. Every line passes through `redactSecrets`, so a Blink API key, a webhook
 * secret, a gateway API key, an `Authorization` header or a raw connection string never reaches a log,
 * even when a caller logs a whole object by mistake.
 */
export type Logger = winston.Logger;

const REDACTED = '[redacted]';

/** Property names whose values are secrets whatever they look like. */
const SECRET_KEYS = new Set([
  'apikey', 'api-key', 'api_key', 'x-api-key', 'authorization', 'secret', 'webhooksecret',
  'password', 'token', 'connectionstring', 'connection-string', 'config', 'gatewaysecret',
  'gateway_secret', 'admin_api_key', 'adminapikey', 'cookie', 'set-cookie',
]);

/** Secret shapes that may hide inside free text (error messages, URLs, connection strings). */
const SECRET_PATTERNS: readonly RegExp[] = [
  /blink_[A-Za-z0-9_-]+/g, // Blink API keys
  /whsec_[A-Za-z0-9+/=_-]+/g, // webhook secrets
  /bgk_[A-Za-z0-9_-]+/g, // gateway API keys
  /(api-key\s*=\s*)[^;\s"']+/gi, // connection strings, whatever the key looks like
  /((?:token|bearer|basic)\s+)[A-Za-z0-9._~+/=-]{8,}/gi, // Authorization header values
];

export function redactText(text: string): string {
  return SECRET_PATTERNS.reduce(
    (acc, pattern) => acc.replace(pattern, (match: string, prefix?: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}${REDACTED}` : REDACTED),
    text,
  );
}

/** Deep copy of `value` with secrets replaced; safe on cycles and errors. */
export function redactSecrets(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message), ...(redactSecrets({ ...value }, seen) as object) };
  }
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) ? REDACTED : redactSecrets(item, seen);
  }
  return out;
}

const redactFormat = winston.format((info) => {
  const redacted = redactSecrets({ ...info }) as Record<string, unknown>;
  for (const key of Object.keys(redacted)) info[key] = redacted[key];
  return info;
});

export interface LoggerOptions {
  level: string;
  /** Extra transport, e.g. the in-memory one tests use to prove no secret is logged. */
  transports?: winston.transport[];
}

export function createLogger(options: LoggerOptions): Logger {
  // winston formats every line before its transports drop those below their level: skip that work
  // (redaction, timestamp, JSON) for the lines no transport will write, such as each request's line
  // at the default level.
  const wanted = winston.format((info) => (logger.isLevelEnabled(info.level) ? info : false));
  const logger = winston.createLogger({
    level: options.level,
    format: winston.format.combine(wanted(), redactFormat(), winston.format.timestamp(), winston.format.json()),
    transports: options.transports ?? [new winston.transports.Console({ stderrLevels: ['error', 'warn'] })],
  });
  return logger;
}
