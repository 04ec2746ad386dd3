/**
 * Blink's invoice-creation limiter (rate-limiter-flexible with a block duration): `points` attempts per
 * `windowMs` per key; the attempt that exceeds them blocks the key for `blockMs`. Time is a parameter.
 */
export interface RateLimiterOptions {
  points: number;
  windowMs: number;
  blockMs: number;
}

interface Bucket { windowStart: number; consumed: number; blockedUntil: number }

export class FixedWindowRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly options: RateLimiterOptions) {}

  /** Consumes one point; false when the key is (now) blocked. */
  consume(key: string, now: number): boolean {
    const bucket = this.buckets.get(key) ?? { windowStart: now, consumed: 0, blockedUntil: 0 };
    this.buckets.set(key, bucket);
    if (now < bucket.blockedUntil) return false;
    if (now - bucket.windowStart >= this.options.windowMs) {
      bucket.windowStart = now;
      bucket.consumed = 0;
    }
    bucket.consumed += 1;
    if (bucket.consumed > this.options.points) {
      bucket.blockedUntil = now + this.options.blockMs;
      return false;
    }
    return true;
  }

  reset(): void {
    this.buckets.clear();
  }
}
