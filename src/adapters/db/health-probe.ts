import type { Pool } from 'pg';
import type { HealthProbe } from '../../app/ports';

export function postgresHealthProbe(pool: Pool, timeoutMs = 2_000): HealthProbe {
  return {
    name: 'postgres',
    async isHealthy() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
      try {
        return await Promise.race([pool.query('SELECT 1').then(() => true, () => false), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
