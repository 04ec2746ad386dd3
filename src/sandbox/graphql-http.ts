import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  execute, getOperationAST, GraphQLError, Kind, parse, validate,
  type DocumentNode, type ExecutionResult, type FragmentDefinitionNode, type GraphQLSchema,
} from 'graphql';
import { z } from 'zod';
import { MAX_COMPLEXITY, operationComplexity, rootFieldNames } from './complexity';
import { callerForKey, type SandboxContext } from './context';
import { OATHKEEPER_401_BODY } from './errors';
import { parseJson, readBody, sendJson, sleep } from './http-util';
import { loseResponse, takeLostResponse } from './lost-response';
import type { SandboxState } from './state';

/**
 * `POST /graphql` as Blink answers it through Oathkeeper and its router: 401 for an unknown key,
 * 400 for requests that do not parse or validate, the complexity rule, and top-level errors without a
 * `code` (the router drops it).
 */
export interface GraphqlHttpDeps {
  state: SandboxState;
  schema: GraphQLSchema;
  now: () => number;
  random: () => number;
}

const requestSchema = z.object({
  query: z.string(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

function formatError(error: GraphQLError) {
  return { message: error.message, ...(error.locations ? { locations: error.locations } : {}), ...(error.path ? { path: error.path } : {}) };
}

const errorBody = (message: string) => ({ errors: [{ message }] });

export async function handleGraphqlHttp(deps: GraphqlHttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { state } = deps;
  state.stats.requests += 1;
  if (state.faults.latencyMs > 0) await sleep(state.faults.latencyMs);
  if (state.faults.errorRate > 0 && deps.random() < state.faults.errorRate) {
    res.writeHead(503, { 'content-type': 'text/html' });
    res.end('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
    return;
  }
  const header = req.headers['x-api-key'];
  const caller = callerForKey(state, Array.isArray(header) ? header[0] : header);
  if (caller === 'unknown-key') return sendJson(res, 401, OATHKEEPER_401_BODY);

  const body = await readBody(req);
  if (body === 'too-large') return sendJson(res, 413, errorBody('Request body too large'));
  const json = parseJson(body);
  if (!json.ok) return sendJson(res, 400, errorBody('Request body is not valid JSON'));
  const request = requestSchema.safeParse(json.value);
  if (!request.success) return sendJson(res, 400, errorBody('POST body must be {"query": string, "variables"?: object, "operationName"?: string}'));

  let document: DocumentNode;
  try {
    document = parse(request.data.query);
  } catch (error) {
    return sendJson(res, 400, { errors: [formatError(error as GraphQLError)] });
  }
  const validationErrors = validate(deps.schema, document);
  if (validationErrors.length > 0) return sendJson(res, 400, { errors: validationErrors.map(formatError) });
  const operationName = request.data.operationName ?? undefined;
  const operation = getOperationAST(document, operationName);
  if (!operation) return sendJson(res, 400, errorBody('Could not determine which operation to run: give a known operationName'));
  if (operation.operation === 'subscription') return sendJson(res, 400, errorBody('Subscriptions are served over the websocket endpoint'));

  const fragments = Object.fromEntries(document.definitions
    .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const rootFields = rootFieldNames(operation, fragments);
  state.countRequest(rootFields);
  const complexity = operationComplexity(deps.schema, operation, fragments);
  if (complexity >= MAX_COMPLEXITY) return sendJson(res, 200, errorBody(`Query too complex. Value of ${complexity} is over the maximum ${MAX_COMPLEXITY}.`));
  const lost = takeLostResponse(state, operation.operation, rootFields);

  const contextValue: SandboxContext = { state, caller, now: deps.now };
  const result = await execute({
    schema: deps.schema, document, operationName, contextValue, variableValues: request.data.variables ?? undefined,
  }) as ExecutionResult;
  if (lost !== null) return loseResponse(req, res, lost);
  // Variables that do not coerce: no `data` at all, answered 400 as Blink's server does.
  const status = result.data === undefined && result.errors !== undefined ? 400 : 200;
  sendJson(res, status, { ...(result.errors ? { errors: result.errors.map(formatError) } : {}), ...(result.data !== undefined ? { data: result.data } : {}) });
}
