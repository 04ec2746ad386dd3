import type { StoresTestGateway } from './harness';

/**
 * The key must not appear anywhere: not whole, not its random part (so a different prefix or
 * quoting cannot hide it), in any response, in any captured log line, or in clear in the database.
 */
export async function expectNoKeyLeaked(gateway: StoresTestGateway, keys: readonly string[]): Promise<void> {
  const rows = await gateway.pool.query('SELECT * FROM store_blink_connections');
  const haystacks = { responses: gateway.responses.join('\n'), logs: gateway.logs.text(), database: JSON.stringify(rows.rows) };
  for (const key of keys) {
    const body = key.replace(/^blink_/, '');
    for (const [where, text] of Object.entries(haystacks)) {
      if (text.includes(body)) throw new Error(`a Blink API key appears in the ${where}`);
    }
  }
}
