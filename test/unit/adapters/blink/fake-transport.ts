import { BlinkError } from '../../../../src/app/blink-port';
import type { BlinkHttpTransport, GraphqlRequest } from '../../../../src/adapters/blink/http-transport';
import type { CallDeps } from '../../../../src/adapters/blink/graphql-call';
import type { GraphqlEnvelope } from '../../../../src/adapters/blink/schemas';

/** A scripted stand-in for the HTTP transport: each request gets the next answer of `script`. */
export interface Sent {
  readonly apiKey: string | undefined;
  readonly request: GraphqlRequest;
}

export type Answer = GraphqlEnvelope | BlinkError | ((request: GraphqlRequest) => GraphqlEnvelope | BlinkError);

export function fakeDeps(script: Answer[], attempts = 3): { deps: CallDeps; sent: Sent[]; waits: number[] } {
  const sent: Sent[] = [];
  const waits: number[] = [];
  const transport: BlinkHttpTransport = {
    async post(_url, apiKey, request) {
      sent.push({ apiKey, request });
      const answer = script.shift();
      if (answer === undefined) throw new Error(`unscripted request ${request.operationName}`);
      return typeof answer === 'function' ? answer(request) : answer;
    },
    async close() { /* nothing to close */ },
  };
  const deps: CallDeps = {
    transport,
    backoff: { attempts, baseMs: 10, capMs: 40 },
    random: () => 0.5,
    sleep: async (ms) => { waits.push(ms); },
    logger: undefined,
  };
  return { deps, sent, waits };
}

export const unavailable = () => new BlinkError('blink-unavailable', 'Blink answered HTTP 503');
