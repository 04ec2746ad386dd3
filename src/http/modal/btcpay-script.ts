/**
 * `/modal/btcpay.js`: the `window.btcpay` object BTCPay's plugins call for the modal checkout
 * (WooCommerce: setApiUrlPrefix, showInvoice, onModalReceiveMessage, hideFrame, onModalWillEnter),
 * written for this gateway with BTCPay's semantics:
 * - the gateway's address is where the script was loaded from (`…/modal/btcpay.js[?ver=…]`), or
 *   what `setApiUrlPrefix(url)` says;
 * - `showInvoice(id)` (= `appendInvoiceFrame`) adds a full-window iframe of `/i/{id}?view=modal`,
 *   hidden until the page posts 'loaded' (or the frame has loaded); `appendAndShowInvoiceFrame`
 *   shows it at once; `showFrame` / `hideFrame` show it and take it away; `onModalWillEnter` /
 *   `onModalWillLeave` set the callbacks run just before;
 * - `onModalReceiveMessage(cb)` sets (replaces) the one callback that gets each MessageEvent from
 *   the frame: the strings 'loaded' and 'close' (after which the frame is hidden) and
 *   `{invoiceId, status}` objects. Only messages from that frame and the gateway's origin count.
 * Plain ES5 for old shop themes; no backquotes (this text sits in a template literal).
 */
export const BTCPAY_MODAL_SCRIPT = String.raw`/* blink-gateway: window.btcpay for BTCPay plugins' modal checkout */
(function () {
  'use strict';
  // Loaded twice (theme and plugin both include it): the first copy stays in charge.
  if (window.btcpay) return;
  var SCRIPT_PATH = /\/modal\/btcpay\.js(\?.*)?$/;
  var current = document.currentScript;
  var source = current && current.src ? current.src : '';
  if (!source) {
    for (var i = 0; i < document.scripts.length; i += 1) {
      if (SCRIPT_PATH.test(document.scripts[i].src)) source = document.scripts[i].src;
    }
  }
  var prefix = source ? source.replace(SCRIPT_PATH, '') : '';
  var frame = null;
  var showing = false;
  var onEnter = function () {};
  var onLeave = function () {};
  var onMessage = function () {};

  function stripSlashes(url) { return String(url).replace(/\/+$/, ''); }
  function gatewayOrigin() {
    try { return new URL(prefix, window.location.href).origin; } catch (ignored) { return null; }
  }

  function makeFrame() {
    var element = document.createElement('iframe');
    element.name = 'btcpay';
    element.title = 'Payment';
    element.setAttribute('allow', 'clipboard-write');
    var style = element.style;
    style.display = 'none';
    style.position = 'fixed';
    style.top = '0';
    style.left = '0';
    style.width = '100%';
    style.height = '100%';
    style.border = '0';
    style.zIndex = '2000';
    style.background = 'transparent';
    element.addEventListener('load', function () { if (showing) showFrame(); });
    return element;
  }

  function attached() { return frame !== null && frame.parentNode !== null; }

  function showFrame() {
    if (frame === null) frame = makeFrame();
    if (!attached()) document.body.appendChild(frame);
    if (frame.style.display === 'block') return;
    onEnter();
    frame.style.display = 'block';
    frame.removeAttribute('aria-hidden');
    try { frame.focus(); } catch (ignored) { /* focus is a nicety */ }
  }

  function hideFrame() {
    if (frame === null) return;
    onLeave();
    frame.style.display = 'none';
    frame.setAttribute('aria-hidden', 'true');
    showing = false;
    if (attached()) frame.parentNode.removeChild(frame);
    frame = null;
  }

  function appendInvoiceFrame(invoiceId) {
    if (!invoiceId) return;
    if (frame !== null && attached()) hideFrame();
    frame = makeFrame();
    showing = true;
    frame.src = stripSlashes(prefix) + '/i/' + encodeURIComponent(String(invoiceId)) + '?view=modal';
    document.body.appendChild(frame);
  }

  function appendAndShowInvoiceFrame(invoiceId) {
    appendInvoiceFrame(invoiceId);
    showFrame();
  }

  window.addEventListener('message', function (event) {
    if (!showing || frame === null || event.source !== frame.contentWindow || event.origin !== gatewayOrigin()) return;
    if (event.data === 'loaded') showFrame();
    else if (event.data === 'close') hideFrame();
    onMessage(event);
  }, false);

  window.btcpay = {
    showFrame: showFrame,
    hideFrame: hideFrame,
    showInvoice: appendInvoiceFrame,
    appendInvoiceFrame: appendInvoiceFrame,
    appendAndShowInvoiceFrame: appendAndShowInvoiceFrame,
    onModalWillEnter: function (callback) { onEnter = typeof callback === 'function' ? callback : function () {}; },
    onModalWillLeave: function (callback) { onLeave = typeof callback === 'function' ? callback : function () {}; },
    onModalReceiveMessage: function (callback) { onMessage = typeof callback === 'function' ? callback : function () {}; },
    setApiUrlPrefix: function (url) { prefix = stripSlashes(url); }
  };
})();
`;
