/**
 * The checkout page's one script, served as a file (`script-src 'self'`: nothing inline). Plain
 * browser JavaScript, no framework, no build step: it lives here as text so the compiled gateway
 * (dist/) carries it. It reads everything from the `data-*` attributes of `#checkout`, then:
 * - follows the status with Server-Sent Events, falling back to polling `/status` when EventSource
 *   is missing or keeps failing;
 * - switches screens (hidden attribute), says the new status through the `role="status"` region
 *   and moves focus to the new screen's heading;
 * - counts down to the expiry from the server's "seconds left" (the buyer's clock may be wrong);
 * - copies the BOLT11; redirects once paid when the invoice asks for it;
 * - in a shop's modal (`<html data-view="modal">`, opened by /modal/btcpay.js) it posts to the
 *   shop's page what BTCPay's checkout posts: 'loaded', 'close' (Close button, Escape) and
 *   {invoiceId, status} with Greenfield's status names, at load and on each change; it leaves the
 *   redirect to the shop. Target '*': the shop's origin is unknown, and the messages carry only
 *   what /i/{id}/status tells anyone with the link.
 * (No backquotes below: this text sits in a template literal.)
 */
export const CHECKOUT_SCRIPT = String.raw`'use strict';
(function () {
  var modal = document.documentElement.getAttribute('data-view') === 'modal' && window.parent !== window;
  function tell(message) { if (modal) window.parent.postMessage(message, '*'); }
  if (modal) {
    var close = document.getElementById('close');
    if (close) close.addEventListener('click', function () { tell('close'); });
    document.addEventListener('keydown', function (event) { if (event.key === 'Escape') tell('close'); });
  }
  var root = document.getElementById('checkout');
  if (!root) { tell('loaded'); return; }
  var data = root.dataset;
  var GREENFIELD_STATUS = { unpaid: 'New', processing: 'Processing', paid: 'Settled', expired: 'Expired', invalid: 'Invalid' };
  function tellStatus() { tell({ invoiceId: data.invoiceId, status: GREENFIELD_STATUS[status] }); }
  var SCREENS = ['unpaid', 'processing', 'paid', 'expired', 'invalid'];
  var MESSAGES = {
    unpaid: 'Waiting for payment.',
    processing: 'Payment received, waiting for confirmation.',
    paid: 'Payment received. Thank you!',
    expired: 'This invoice has expired.',
    invalid: 'This invoice is no longer valid.'
  };
  var POLL_MS = 5000;
  var REDIRECT_DELAY_MS = 3000;
  var status = data.status;
  var deadline = Date.now() + Number(data.expiresIn) * 1000;
  var countdown = document.getElementById('countdown');
  var announcer = document.getElementById('status-message');
  var timer = null;
  var redirecting = false;
  var stopped = false;

  function isFinal(value) { return value === 'paid' || value === 'invalid'; }

  function two(value) { return (value < 10 ? '0' : '') + value; }
  function countdownText(secondsLeft) {
    var total = Math.max(0, Math.floor(secondsLeft));
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    return hours > 0 ? hours + ':' + two(minutes) + ':' + two(seconds) : minutes + ':' + two(seconds);
  }

  function maybeRedirect() {
    var url = data.redirectUrl;
    // In a modal the shop's page moves on by itself when told the invoice is settled.
    if (modal || status !== 'paid' || data.redirectAutomatic !== 'true' || !url || redirecting) return;
    if (!/^https?:\/\//i.test(url)) return;
    redirecting = true;
    var note = document.getElementById('redirect-note');
    if (note) note.hidden = false;
    setTimeout(function () { window.location.assign(url); }, REDIRECT_DELAY_MS);
  }

  function show(next) {
    if (SCREENS.indexOf(next) < 0 || next === status) return;
    status = next;
    root.setAttribute('data-status', next);
    SCREENS.forEach(function (name) {
      var screen = document.getElementById('screen-' + name);
      if (screen) screen.hidden = name !== next;
    });
    if (announcer) announcer.textContent = MESSAGES[next];
    var heading = document.getElementById('heading-' + next);
    if (heading) heading.focus();
    if (next !== 'unpaid' && timer !== null) { clearInterval(timer); timer = null; }
    tellStatus();
    maybeRedirect();
  }

  function tick() {
    var left = (deadline - Date.now()) / 1000;
    if (countdown) countdown.textContent = countdownText(left);
    if (left <= 0 && status === 'unpaid') show('expired');
  }

  function apply(update) {
    if (update && typeof update.status === 'string') show(update.status);
  }

  function poll() {
    if (stopped || isFinal(status)) return;
    fetch(data.statusUrl, { cache: 'no-store', headers: { accept: 'application/json' } })
      .then(function (response) {
        if (response.status === 404) { stopped = true; return null; }
        return response.ok ? response.json() : null;
      })
      .then(apply, function () { return undefined; })
      .then(function () { if (!stopped && !isFinal(status)) setTimeout(poll, POLL_MS); });
  }

  function listen() {
    if (typeof window.EventSource !== 'function') { setTimeout(poll, POLL_MS); return; }
    var source = new window.EventSource(data.eventsUrl);
    var failures = 0;
    source.addEventListener('status', function (event) {
      failures = 0;
      try { apply(JSON.parse(event.data)); } catch (ignored) { /* a garbled event: the next one will do */ }
    });
    source.addEventListener('end', function () { source.close(); });
    source.onerror = function () {
      failures += 1;
      // EventSource retries by itself; a proxy that buffers or cuts the stream gets polling instead.
      if (source.readyState === 2 || failures >= 3) { source.close(); setTimeout(poll, POLL_MS); }
    };
  }

  var copy = document.getElementById('copy');
  var bolt11 = document.getElementById('bolt11');
  var copyResult = document.getElementById('copy-result');
  function copied(ok) {
    if (copyResult) copyResult.textContent = ok ? 'Invoice copied.' : 'Select the invoice text and copy it.';
  }
  if (copy && bolt11) {
    copy.addEventListener('click', function () {
      var text = bolt11.value;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { copied(true); }, function () { copied(false); });
        return;
      }
      bolt11.focus();
      bolt11.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (ignored) { ok = false; }
      copied(ok);
    });
  }

  if (status === 'unpaid') { tick(); timer = setInterval(tick, 1000); }
  tell('loaded');
  tellStatus();
  maybeRedirect();
  if (!isFinal(status)) listen();
})();
`;
