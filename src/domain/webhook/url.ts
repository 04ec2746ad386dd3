/**
 * A webhook URL as Greenfield accepts it: absolute http(s), with a host and without credentials
 * (they would be sent in clear to every redirect and shown in every listing). Refusals carry
 * Greenfield's 422 `{path: "url", message: "Invalid Url"}`.
 */
export const INVALID_URL_MESSAGE = 'Invalid Url';
export const MAX_WEBHOOK_URL_LENGTH = 2048;

export class InvalidWebhookUrlError extends Error {
  override readonly name = 'InvalidWebhookUrlError';
  readonly code = 'invalid-url';
  readonly path = 'url';
  constructor() {
    super(INVALID_URL_MESSAGE);
  }
}

/** The normalized URL (WHATWG `href`: lower-case scheme and host, canonical IP literals). */
export function parseWebhookUrl(text: string): string | InvalidWebhookUrlError {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_WEBHOOK_URL_LENGTH) return new InvalidWebhookUrlError();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return new InvalidWebhookUrlError();
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return new InvalidWebhookUrlError();
  if (url.username !== '' || url.password !== '' || url.hostname === '') return new InvalidWebhookUrlError();
  return url.href;
}
