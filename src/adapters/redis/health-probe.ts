import type Redis from 'ioredis';
import type { HealthProbe } from '../../app/ports';

export function redisHealthProbe(redis: Redis, timeoutMs = 2_000): HealthProbe {
  return {
    name: 'redis',
    async isHealthy() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
      try {
        return await Promise.race([redis.ping().then((reply) => reply === 'PONG', () => false), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
