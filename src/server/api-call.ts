import type { z } from 'zod';

/**
 * One call to the gateway's own HTTP API, as a shop makes it: sandbox mode sets up its demo store and
 * example invoice this way, and `npm run demo` tells its whole story this way, so what they show is what
 * a shop developer gets. The answer is parsed with `schema`; anything else is an Error naming the call.
 */
export interface ApiCall {
  readonly gatewayUrl: string;
  readonly key: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export async function callGateway<T extends z.ZodType>(call: ApiCall, schema: T): Promise<z.infer<T>> {
  const response = await fetch(`${call.gatewayUrl}${call.path}`, {
    method: call.method,
    headers: { authorization: `token ${call.key}`, 'content-type': 'application/json', ...call.headers },
    ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${call.method} ${call.path} answered ${response.status}: ${text.slice(0, 500)}`);
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new Error(`${call.method} ${call.path} answered ${response.status} with a body that is not JSON`);
  }
  const parsed = schema.safeParse(payload);
  // The payload itself stays out of the message: some answers (new API keys, webhook secrets) carry secrets.
  if (!parsed.success) throw new Error(`${call.method} ${call.path}: unexpected answer (${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')})`);
  return parsed.data;
}
