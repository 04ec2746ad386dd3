/**
 * The checkout page's static files. Their names carry a hash of their content, so browsers may
 * cache them for good and a new version is a new URL.
 */
import { createHash } from 'node:crypto';
import { CHECKOUT_SCRIPT } from './assets/checkout-script';
import { CHECKOUT_STYLES } from './assets/checkout-styles';

export const ASSET_PATH = '/checkout/assets';

export interface CheckoutAsset {
  readonly fileName: string;
  readonly contentType: string;
  readonly body: Buffer;
}

function asset(stem: string, extension: string, contentType: string, text: string): CheckoutAsset {
  const body = Buffer.from(text, 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { fileName: `${stem}-${hash}.${extension}`, contentType, body };
}

export interface CheckoutAssets {
  readonly script: CheckoutAsset;
  readonly styles: CheckoutAsset;
  find(fileName: string): CheckoutAsset | undefined;
}

export function checkoutAssets(): CheckoutAssets {
  const script = asset('checkout', 'js', 'text/javascript; charset=utf-8', CHECKOUT_SCRIPT);
  const styles = asset('checkout', 'css', 'text/css; charset=utf-8', CHECKOUT_STYLES);
  const byName = new Map([script, styles].map((file) => [file.fileName, file]));
  return { script, styles, find: (fileName) => byName.get(fileName) };
}

export const assetUrl = (file: CheckoutAsset): string => `${ASSET_PATH}/${file.fileName}`;
