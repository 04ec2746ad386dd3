/** Authentication and API-key failures, with Greenfield's codes and wording (reference §e). */

export class UnauthenticatedError extends Error {
  override readonly name = 'UnauthenticatedError';
  readonly code = 'unauthenticated';
  constructor(message = 'Authentication is required for accessing this endpoint') {
    super(message);
  }
}

export class MissingPermissionError extends Error {
  override readonly name = 'MissingPermissionError';
  readonly code = 'missing-permission';
  constructor(readonly missingPermission: string) {
    super(
      `Insufficient API Permissions. Please use an API key with permission "${missingPermission}". ` +
        "You can create an API key in your account's settings / Api Keys.",
    );
  }
}

export class ApiKeyNotFoundError extends Error {
  override readonly name = 'ApiKeyNotFoundError';
  readonly code = 'apikey-not-found';
  constructor() {
    super('The API Key was not found');
  }
}

/** The `ADMIN_API_KEY` from the environment is removed by changing the environment, not the API. */
export class ApiKeyNotRevocableError extends Error {
  override readonly name = 'ApiKeyNotRevocableError';
  readonly code = 'apikey-not-revocable';
  constructor() {
    super('This key comes from the ADMIN_API_KEY environment variable; remove it there and restart the gateway');
  }
}
