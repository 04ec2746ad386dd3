/**
 * The checkout page and the not-found page, rendered on the server. Every screen (unpaid,
 * processing, paid, expired, invalid) is in the page; the current one is shown and the script
 * switches as the status changes, so the page also reads right without JavaScript.
 */
import type { CheckoutStatus, CheckoutView } from '../../app/checkout/checkout-view';
import { assetUrl, type CheckoutAssets } from './assets';
import { amountText, countdownText, satsText } from './display';
import { html, htmlDocument, type SafeHtml } from './html';
import { lightningQrSvg } from './qr-code';

export interface PageContext {
  readonly assets: CheckoutAssets;
  readonly now: Date;
  /**
   * Shown in a shop's modal (`?view=modal`, opened by /modal/btcpay.js): a Close button, links that
   * leave open in the whole window, and the script tells the shop's page about the status.
   */
  readonly modal?: boolean;
}

function layout(title: string, assets: CheckoutAssets, body: SafeHtml, modal = false): string {
  return htmlDocument({
    title, stylesheetUrl: assetUrl(assets.styles), scriptUrl: assetUrl(assets.script), body,
    ...(modal ? { rootAttributes: html` class="modal" data-view="modal"` } : {}),
  });
}

const screen = (status: CheckoutStatus, current: CheckoutStatus, className: string, content: SafeHtml): SafeHtml =>
  html`<section id="screen-${status}" class="${className}" aria-labelledby="heading-${status}"${status === current ? '' : html` hidden`}>
${content}
</section>`;

// In the modal the shop's page is the window to leave to, not the frame.
const returnLink = (view: CheckoutView, modal: boolean): SafeHtml | null =>
  view.redirect === null ? null : html`<a class="button wide secondary" href="${view.redirect.url}"${modal ? html` target="_top"` : ''}>Return to ${view.storeName}</a>`;

/** The modal's way out: the script posts `'close'` to the shop's page, which hides the frame. */
const closeButton = (modal: boolean): SafeHtml | null =>
  modal ? html`<button type="button" id="close" class="close" aria-label="Close and go back to the shop">Close</button>` : null;

function unpaidScreen(view: CheckoutView, now: Date): SafeHtml {
  const secondsLeft = Math.max(0, Math.floor((view.expirationTime.getTime() - now.getTime()) / 1000));
  const link = `lightning:${view.bolt11}`;
  return html`<h2 id="heading-unpaid" class="visually-hidden" tabindex="-1">Scan or copy the invoice</h2>
<p class="amount" id="amount">${view.amount === null ? 'Any amount' : amountText(view.amount)}</p>
<p class="sats" id="sats">${view.sats === null ? 'Your wallet asks for the amount' : satsText(view.sats)}</p>
<figure class="qr">
<a href="${link}" aria-label="Open the invoice in a Lightning wallet">${lightningQrSvg(view.bolt11)}</a>
<figcaption>Scan with a Lightning wallet</figcaption>
</figure>
<label for="bolt11">Lightning invoice</label>
<div class="invoice-row">
<input id="bolt11" type="text" readonly value="${view.bolt11}" spellcheck="false" autocomplete="off" autocapitalize="off" aria-describedby="copy-result">
<button type="button" id="copy">Copy</button>
</div>
<p class="copy-result" id="copy-result" aria-live="polite"></p>
<a class="button wide" href="${link}">Open in wallet</a>
<p class="countdown">Expires in <strong id="countdown">${countdownText(secondsLeft)}</strong></p>`;
}

function checkoutBody(view: CheckoutView, context: PageContext): SafeHtml {
  const { status } = view;
  const modal = context.modal === true;
  const paidNote = view.redirect !== null && view.redirect.automatic
    ? html`<p id="redirect-note" hidden>Taking you back to ${view.storeName}…</p>`
    : null;
  return html`<main id="checkout" class="checkout" aria-labelledby="checkout-title"
 data-invoice-id="${view.invoiceId}" data-status="${status}" data-status-url="/i/${view.invoiceId}/status" data-events-url="/i/${view.invoiceId}/events"
 data-expires-in="${Math.max(0, Math.floor((view.expirationTime.getTime() - context.now.getTime()) / 1000))}"
 data-redirect-url="${view.redirect?.url ?? ''}" data-redirect-automatic="${view.redirect?.automatic === true ? 'true' : 'false'}">
${closeButton(modal)}
<p class="store" id="store-name">${view.storeName}</p>
<h1 id="checkout-title">Pay with Lightning</h1>
<p id="status-message" class="visually-hidden" role="status" aria-live="polite"></p>
${screen('unpaid', status, 'screen-pay', unpaidScreen(view, context.now))}
${screen('processing', status, 'screen-result processing', html`<h2 id="heading-processing" tabindex="-1">Payment received</h2>
<p>Waiting for the payment to be confirmed. This page updates by itself.</p>`)}
${screen('paid', status, 'screen-result paid', html`<h2 id="heading-paid" tabindex="-1">Paid</h2>
<p>Thank you! ${view.storeName} has received your payment.</p>
${paidNote}
${returnLink(view, modal)}`)}
${screen('expired', status, 'screen-result expired', html`<h2 id="heading-expired" tabindex="-1">Invoice expired</h2>
<p>This invoice can no longer be paid. If you have not paid yet, go back to the store and start again.</p>
${returnLink(view, modal)}`)}
${screen('invalid', status, 'screen-result invalid', html`<h2 id="heading-invalid" tabindex="-1">Invoice not valid</h2>
<p>This invoice was cancelled and can no longer be paid. Contact ${view.storeName} if you have paid it.</p>
${returnLink(view, modal)}`)}
<noscript><p>Reload this page to see whether your payment has arrived.</p></noscript>
</main>`;
}

export function renderCheckoutPage(view: CheckoutView, context: PageContext): string {
  const title = view.amount === null ? `Pay ${view.storeName}` : `Pay ${amountText(view.amount)} to ${view.storeName}`;
  return layout(title, context.assets, checkoutBody(view, context), context.modal === true);
}

export function renderNotFoundPage(assets: CheckoutAssets, options: { readonly modal?: boolean } = {}): string {
  const modal = options.modal === true;
  return layout('Invoice not found', assets, html`<main class="checkout" aria-labelledby="not-found-title">
${closeButton(modal)}
<h1 id="not-found-title">Invoice not found</h1>
<p>This payment link does not lead to an invoice. Check the link the store gave you, or go back to the store and start again.</p>
</main>`, modal);
}
