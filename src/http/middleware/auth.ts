import type { RequestHandler, Response } from 'express';
import type { Principal } from '../../app/api-keys/authenticate';
import { MissingPermissionError, UnauthenticatedError } from '../../app/api-keys/errors';
import { permissionsGrant, type Policy } from '../../domain/permissions';

export type Authenticator = (key: string) => Promise<Principal | UnauthenticatedError>;

/** Greenfield's scheme: `token <key>` or `Bearer <key>`, case-insensitive. */
const AUTHORIZATION = /^(token|bearer)\s+(\S+)/i;

export function apiKeyFromHeader(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return AUTHORIZATION.exec(header)?.[2];
}

/** Authenticates the caller and leaves its `Principal` in `res.locals.principal`. */
export function authenticate(authenticator: Authenticator): RequestHandler {
  return (req, res, next) => {
    const key = apiKeyFromHeader(req.get('authorization'));
    if (key === undefined) return next(new UnauthenticatedError());
    authenticator(key).then((result) => {
      if (result instanceof UnauthenticatedError) return next(result);
      res.locals.principal = result;
      return next();
    }, next);
  };
}

export function principalOf(res: Response): Principal {
  const principal: unknown = res.locals.principal;
  if (typeof principal !== 'object' || principal === null) throw new Error('route reached without authentication');
  return principal as Principal;
}

/**
 * Requires `policy`; with `storeParam`, on the store named by that path parameter, so a key scoped
 * to another store gets the same 403 as a key without the policy (as Greenfield does).
 */
export function requirePermission(policy: Policy, storeParam?: string): RequestHandler {
  return (req, res, next) => {
    const principal = principalOf(res);
    const rawStore = storeParam === undefined ? undefined : req.params[storeParam];
    const storeId = typeof rawStore === 'string' ? rawStore : undefined;
    const wanted = storeId === undefined ? { policy } : { policy, storeId };
    if (!permissionsGrant(principal.permissions, wanted)) return next(new MissingPermissionError(policy));
    return next();
  };
}
