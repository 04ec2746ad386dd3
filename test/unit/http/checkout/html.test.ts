import fc from 'fast-check';
import { escapeHtml, html, SafeHtml, trustedHtml } from '../../../../src/http/checkout/html';

const unescape = (text: string) => text
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#96;/g, '`').replace(/&amp;/g, '&');

describe('escapeHtml', () => {
  it('leaves no character that could open a tag or leave a quoted attribute, and loses nothing', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      const escaped = escapeHtml(text);
      expect(escaped).not.toMatch(/[<>"'`]/);
      expect(unescape(escaped)).toBe(text);
    }));
  });
});

describe('html``', () => {
  it('escapes strings and numbers, keeps SafeHtml, flattens arrays, drops null/undefined/false', () => {
    const name = '<img src=x onerror=alert(1)>';
    const out = html`<p title="${name}">${name} ${42} ${[html`<b>${'&'}</b>`, 'x<']} ${null}${undefined}${false}${trustedHtml('<svg/>')}</p>`;
    expect(out).toBeInstanceOf(SafeHtml);
    expect(out.text).toBe('<p title="&lt;img src=x onerror=alert(1)&gt;">&lt;img src=x onerror=alert(1)&gt; 42 <b>&amp;</b>x&lt; <svg/></p>');
    expect(String(out)).toBe(out.text);
  });
});
