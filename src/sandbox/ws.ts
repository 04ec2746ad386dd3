import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, Kind, parse, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { callerForKey, type Caller, type SandboxContext } from './context';
import { MESSAGES } from './errors';
import type { SandboxState } from './state';

/**
 * Websockets on `/graphql` (graphql-transport-ws). As on Blink, a bad key in `connection_init` does not
 * refuse the connection: authed subscriptions then answer NOT_AUTHENTICATED. Only subscriptions run.
 */
export interface SandboxWebsockets {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Terminates every open socket (a network drop, not a clean close); returns how many. */
  dropAll(): number;
  close(): Promise<void>;
}

function connectionKey(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const key = params?.['X-API-KEY'];
  return typeof key === 'string' ? key : undefined;
}

function isSubscription(query: string): boolean {
  try {
    return parse(query).definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION || d.operation === 'subscription');
  } catch {
    return true; // graphql-ws reports the syntax error itself
  }
}

export function createSandboxWebsockets(state: SandboxState, schema: GraphQLSchema, now: () => number): SandboxWebsockets {
  const server = new WebSocketServer({ noServer: true });
  const callers = new WeakMap<object, Caller>();
  const disposable = useServer<Record<string, unknown>>({
    schema,
    onConnect: (ctx) => {
      const caller = callerForKey(state, connectionKey(ctx.connectionParams));
      callers.set(ctx, caller === 'unknown-key' ? { kind: 'anonymous' } : caller);
      return true;
    },
    onSubscribe: (_ctx, _id, payload) => (isSubscription(payload.query) ? undefined : [new GraphQLError(MESSAGES.onlySubscriptions)]),
    context: (ctx): SandboxContext => ({ state, caller: callers.get(ctx) ?? { kind: 'anonymous' }, now }),
  }, server);

  return {
    handleUpgrade(req, socket, head) {
      if (state.faults.refuseWebsockets) {
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      server.handleUpgrade(req, socket, head, (ws) => server.emit('connection', ws, req));
    },
    dropAll() {
      let dropped = 0;
      for (const client of server.clients) {
        client.terminate();
        dropped += 1;
      }
      return dropped;
    },
    async close() {
      for (const client of server.clients) client.terminate();
      await disposable.dispose();
      await new Promise<void>((resolve) => { server.close(() => resolve()); });
    },
  };
}
