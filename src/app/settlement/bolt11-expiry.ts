import * as bolt11 from 'bolt11';

/**
 * When the BOLT11 itself stops being payable (its timestamp + expiry tag), or `null` when it does
 * not decode. Our invoice's `expirationTime` is aligned with it at creation; watching goes by the
 * later of the two so a payment racing the expiry is never missed.
 */
export function bolt11ExpiryOf(paymentRequest: string): Date | null {
  try {
    const seconds = bolt11.decode(paymentRequest).timeExpireDate;
    return typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000) : null;
  } catch {
    return null;
  }
}
