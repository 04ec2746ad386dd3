/** Amounts and durations as a buyer reads them. */
import type { CheckoutView } from '../../app/checkout/checkout-view';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const satsText = (sats: number): string => `${grouped.format(sats)} ${sats === 1 ? 'sat' : 'sats'}`;

export const amountText = (amount: NonNullable<CheckoutView['amount']>): string => `${amount.value} ${amount.currency}`;

/** `14:59`, `1:02:03`; never negative. */
export function countdownText(secondsLeft: number): string {
  const total = Math.max(0, Math.floor(secondsLeft));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
}
