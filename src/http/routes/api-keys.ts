import { z } from 'zod';
import { createApiKey } from '../../app/api-keys/create-api-key';
import { describeCurrentApiKey } from '../../app/api-keys/current-api-key';
import { revokeApiKey, revokeCurrentApiKey } from '../../app/api-keys/revoke-api-key';
import type { ApiKeyRepository, Clock } from '../../app/ports';
import type { RouteModule } from '../route-kit';

/** Greenfield's API key routes. The key is in a response only once: the one that creates it. */
export const createApiKeyRequest = z.object({
  label: z.string().max(200, { message: 'The label must be 200 characters or fewer' }).nullish().transform((l) => l ?? ''),
  permissions: z.array(z.string().max(200)).max(100).nullish().transform((p) => p ?? []),
});

export const apiKeyData = z.object({
  apiKey: z.string().nullable().describe('The key; only in the response that creates it, null elsewhere'),
  label: z.string(),
  permissions: z.array(z.string()),
});

const apiKeyParam = z.object({ apikey: z.string().min(1).max(200) });

export function apiKeyRoutes(deps: { apiKeys: ApiKeyRepository; clock: Clock }): RouteModule {
  return {
    name: 'api-keys',
    mount(kit) {
      kit.route({
        method: 'post', path: '/api/v1/api-keys', operationId: 'ApiKeys_CreateApiKey', summary: 'Create an API key',
        tags: ['API Keys'], auth: { kind: 'authenticated' }, body: createApiKeyRequest,
        responses: { 200: { description: 'The new key, shown only this once', schema: apiKeyData } },
        handler: async ({ principal, body }) => {
          const created = await createApiKey(deps, principal, body);
          return created instanceof Error ? created : { status: 200, body: created };
        },
      });
      kit.route({
        method: 'get', path: '/api/v1/api-keys/current', operationId: 'ApiKeys_GetCurrentApiKey',
        summary: 'The key used for this request', tags: ['API Keys'], auth: { kind: 'authenticated' },
        responses: { 200: { description: 'The key\'s label and permissions (apiKey is null)', schema: apiKeyData } },
        handler: async ({ principal }) => ({ status: 200, body: describeCurrentApiKey(principal) }),
      });
      kit.route({
        method: 'delete', path: '/api/v1/api-keys/current', operationId: 'ApiKeys_DeleteCurrentApiKey',
        summary: 'Revoke the key used for this request', tags: ['API Keys'], auth: { kind: 'authenticated' },
        responses: { 200: { description: 'Revoked' } },
        handler: async ({ principal }) => {
          const revoked = await revokeCurrentApiKey(deps, principal);
          return revoked instanceof Error ? revoked : { status: 200 };
        },
      });
      kit.route({
        method: 'delete', path: '/api/v1/api-keys/{apikey}', operationId: 'ApiKeys_DeleteApiKey',
        summary: 'Revoke a key (the caller must hold every permission the key has)', tags: ['API Keys'],
        auth: { kind: 'authenticated' }, params: apiKeyParam,
        responses: { 200: { description: 'Revoked' }, 404: { description: 'No such key' } },
        handler: async ({ principal, params }) => {
          const revoked = await revokeApiKey(deps, principal, params.apikey);
          return revoked instanceof Error ? revoked : { status: 200 };
        },
      });
    },
  };
}
