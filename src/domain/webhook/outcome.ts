/**
 * What one delivery attempt's result means (issue 7): 2xx delivered; 5xx, 408, 429, network errors
 * and timeouts are retried; 410 Gone disables the webhook (Standard Webhooks' convention); redirects
 * are neither followed (they could point inside our network) nor retried; other 4xx fail for good.
 */
export type AttemptResult =
  | { readonly kind: 'response'; readonly status: number }
  | { readonly kind: 'network-error' }
  | { readonly kind: 'timeout' };

export type DeliveryOutcome = 'delivered' | 'retry' | 'disable-webhook' | 'failed';

export function classifyAttempt(result: AttemptResult): DeliveryOutcome {
  if (result.kind !== 'response') return 'retry';
  const { status } = result;
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'disable-webhook';
  if (status >= 500 || status === 408 || status === 429) return 'retry';
  return 'failed';
}

/** BTCPay's delivery record status: HttpSuccess, HttpError (any other status), Failed (no response). */
export type DeliveryRecordStatus = 'HttpSuccess' | 'HttpError' | 'Failed';

export function deliveryRecordStatus(result: AttemptResult): DeliveryRecordStatus {
  if (result.kind !== 'response') return 'Failed';
  return result.status >= 200 && result.status < 300 ? 'HttpSuccess' : 'HttpError';
}

/** BTCPay's `errorMessage` for an HTTP failure; network failures use the error's own text. */
export function deliveryErrorMessage(result: AttemptResult): string | null {
  switch (result.kind) {
    case 'response':
      return result.status >= 200 && result.status < 300 ? null : `HTTP Error Code ${result.status}`;
    case 'timeout':
      return 'Timeout';
    case 'network-error':
      return 'Network error';
  }
}
