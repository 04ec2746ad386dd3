/** The checkout page's script and stylesheet (see page-assets.ts). */
import { pageAssets, type PageAsset, type PageAssets } from '../page-assets';
import { CHECKOUT_SCRIPT } from './assets/checkout-script';
import { CHECKOUT_STYLES } from './assets/checkout-styles';

export const ASSET_PATH = '/checkout/assets';

export type CheckoutAsset = PageAsset;
export type CheckoutAssets = PageAssets;

export const checkoutAssets = (): CheckoutAssets => pageAssets('checkout', { script: CHECKOUT_SCRIPT, styles: CHECKOUT_STYLES });

export const assetUrl = (file: CheckoutAsset): string => `${ASSET_PATH}/${file.fileName}`;
