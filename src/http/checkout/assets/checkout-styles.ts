/**
 * The checkout page's stylesheet, served as a file (`style-src 'self'`: no inline styles). Colours
 * keep text contrast at WCAG AA or better (muted text #4b5563 on white is 7.6:1); focus is always
 * visible; one column that fits a 320 px wide phone.
 */
export const CHECKOUT_STYLES = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; min-height: 100vh; background: #f3f4f6; color: #111827;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.checkout {
  max-width: 28rem; margin: 0 auto; padding: 1.25rem 1rem 2rem; background: #ffffff;
  min-height: 100vh;
}
@media (min-width: 30rem) {
  body { padding: 2rem 0; }
  .checkout { min-height: 0; border-radius: 12px; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.15); }
}
.store { margin: 0; font-size: 0.95rem; font-weight: 600; color: #4b5563; overflow-wrap: anywhere; }
h1 { margin: 0.25rem 0 1rem; font-size: 1.35rem; line-height: 1.3; }
h2 { margin: 0.5rem 0; font-size: 1.5rem; }
h2:focus { outline: none; }
.amount { margin: 0; font-size: 2rem; font-weight: 700; line-height: 1.2; overflow-wrap: anywhere; }
.sats { margin: 0.25rem 0 1rem; color: #4b5563; }
.qr { margin: 0 auto 1rem; max-width: 20rem; }
.qr a { display: block; border-radius: 6px; }
.qr-code { display: block; width: 100%; height: auto; }
.qr figcaption { text-align: center; font-size: 0.9rem; color: #4b5563; }
label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.invoice-row { display: flex; gap: 0.5rem; }
.invoice-row input {
  flex: 1 1 auto; min-width: 0; padding: 0.6rem; border: 1px solid #6b7280; border-radius: 6px;
  font: 0.9rem/1.2 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #111827; background: #f9fafb;
}
button, .button {
  display: inline-block; padding: 0.6rem 1rem; border: 0; border-radius: 6px; background: #1d4ed8;
  color: #ffffff; font: inherit; font-weight: 600; text-align: center; text-decoration: none; cursor: pointer;
}
button:hover, .button:hover { background: #1e40af; }
.button.wide { display: block; width: 100%; margin-top: 1rem; }
.button.secondary { background: #ffffff; color: #1d4ed8; border: 2px solid #1d4ed8; }
a { color: #1d4ed8; }
:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.copy-result { min-height: 1.5em; margin: 0.25rem 0 0; font-size: 0.9rem; color: #166534; }
.countdown { margin: 1rem 0 0; text-align: center; color: #4b5563; }
.countdown strong { color: #111827; font-variant-numeric: tabular-nums; }
.screen-result { text-align: center; padding: 1.5rem 0; }
.screen-result .icon { display: block; width: 4rem; height: 4rem; margin: 0 auto; }
.paid h2 { color: #166534; }
.expired h2, .invalid h2 { color: #991b1b; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
[hidden] { display: none !important; }
/* In a shop's modal: the shop shows through around the card, and the card has a Close button. */
html.modal body { background: rgba(17, 24, 39, 0.6); }
html.modal .checkout { position: relative; padding-top: 3rem; }
.close {
  position: absolute; top: 0.5rem; right: 0.5rem; padding: 0.4rem 0.75rem;
  background: #ffffff; color: #1d4ed8; border: 2px solid #1d4ed8;
}
.close:hover { background: #eff6ff; }
@media (prefers-reduced-motion: no-preference) { .screen-result { animation: appear 0.25s ease-out; } }
@keyframes appear { from { opacity: 0; transform: translateY(4px); } to { opacity: 1; transform: none; } }
`;
