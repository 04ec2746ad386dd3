import { z } from 'zod';

/**
 * The only reader of `process.env`. Parsed once with zod; a bad value stops the process with the
 * variable's name and what is wrong with it (see `loadConfig`).
 */
const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const gatewaySecret = z
  .string()
  .refine((value) => Buffer.from(value, 'base64').length === 32, {
    message: 'must be 32 bytes encoded in base64 (create one with: openssl rand -base64 32)',
  });

export const configSchema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url({ message: 'must be an absolute URL such as https://pay.example.com' }).optional(),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/blink_gateway'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().min(1).default('{bg}'),
  GATEWAY_SECRET: gatewaySecret.optional(),
  ADMIN_API_KEY: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanFromEnv.default(false),
  BLINK_ALLOW_WRITE_SCOPE: booleanFromEnv.default(false),
  BLINK_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  BLINK_HEADERS_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  BLINK_BODY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  HTTP_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_485_760).default(102_400),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  /** Requests per window from one client IP (0 disables). */
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).default(600),
  /** Requests per window with one API key (0 disables). */
  RATE_LIMIT_PER_KEY: z.coerce.number().int().min(0).default(600),
  /**
   * Invoice creations per minute per Blink account (0 disables the guard). Blink allows 60 and then
   * blocks the account for 5 minutes; the gateway answers 429 before that.
   */
  BLINK_INVOICE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(55),
  /** A webhook request's deadline, connect to the last byte read. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Requests in flight per webhook endpoint, across every worker process. */
  WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT: z.coerce.number().int().min(1).max(1_000).default(8),
  /** Webhook requests in flight per worker process (all endpoints). */
  WEBHOOK_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(2_000).default(100),
  /** A delivery job's lock (renewed while its request runs): a killed worker's deliveries are sent again within about twice this. */
  WEBHOOK_JOB_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  /**
   * Delays between webhook attempts, in ms, comma-separated; default the Standard Webhooks schedule
   * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. For tests and operators.
   */
  WEBHOOK_RETRY_SCHEDULE_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, { message: 'must be comma-separated milliseconds, e.g. 5000,300000' })
    .transform((value) => value.split(',').map(Number))
    .optional(),
  /** express `trust proxy`: false, true, a hop count, or comma-separated proxy addresses/subnets. */
  TRUST_PROXY: z.string().default('false').transform((value): boolean | number | string => {
    if (value === 'true' || value === 'false') return value === 'true';
    return /^\d+$/.test(value) ? Number(value) : value;
  }),
  // ── settlement watching (workers/): every timing is configurable so tests run in seconds ──
  /** Between status checks of an invoice while its store's websocket subscription is healthy. */
  SETTLEMENT_SLOW_POLL_MS: z.coerce.number().int().positive().default(60_000),
  /** First check interval while it is not; doubles up to SETTLEMENT_FAST_POLL_MAX_MS. */
  SETTLEMENT_FAST_POLL_MIN_MS: z.coerce.number().int().positive().default(1_000),
  SETTLEMENT_FAST_POLL_MAX_MS: z.coerce.number().int().positive().default(10_000),
  /** How long past the BOLT11's expiry a payment is still looked for (recorded as paid late when after the invoice's expiration). */
  SETTLEMENT_GRACE_MS: z.coerce.number().int().min(0).default(120_000),
  /** Blink status requests one store's polling may cost per minute (99 invoices each); more open invoices, slower polling. */
  SETTLEMENT_STATUS_REQUESTS_PER_MINUTE: z.coerce.number().int().positive().default(60),
  /** A subscription job's lock: a dead worker's subscriptions are taken over within about this long. */
  SUBSCRIPTION_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
  /** Subscription health renewal (health lapses after 3 missed beats), ownership check, keyless refresh. */
  SUBSCRIPTION_HEARTBEAT_MS: z.coerce.number().int().positive().default(10_000),
  /** A store's subscription is released after this long with no invoice to watch. */
  SUBSCRIPTION_IDLE_MS: z.coerce.number().int().positive().default(300_000),
  SWEEPER_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** Maintenance (webhook delivery pruning after 60 days, expired Idempotency-Keys) runs this often: 4 times a day. */
  SWEEPER_MAINTENANCE_INTERVAL_MS: z.coerce.number().int().min(100).default(21_600_000),
  /** An invoice still New this long after its expiration is expired by the sweeper (its watch job is lost). */
  SWEEPER_OVERDUE_MS: z.coerce.number().int().min(0).default(15_000),
  /** How long status checks to a Blink server pause when it says TOO_MANY_REQUEST (other servers carry on). */
  BLINK_RATE_LIMIT_PAUSE_MS: z.coerce.number().int().positive().default(60_000),
  WATCH_CONCURRENCY: z.coerce.number().int().positive().default(20),
  /** Stores whose websocket one worker process may hold at once. */
  SUBSCRIPTION_CONCURRENCY: z.coerce.number().int().positive().default(500),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  readonly code = 'invalid-config';
}

/** Parses `env` (default: `process.env`); throws `ConfigError` naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
}

/** Sandbox mode: nothing configured and not in production (DESIGN.md §6). */
export function isSandboxMode(config: Config): boolean {
  return config.GATEWAY_SECRET === undefined && config.NODE_ENV !== 'production';
}
