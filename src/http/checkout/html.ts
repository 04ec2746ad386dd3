/**
 * HTML built from templates where every interpolated value is escaped unless it is already `SafeHtml`
 * (made by `html` itself, or by `trustedHtml` for markup we generate, such as the QR code's SVG).
 */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;',
};

/** Safe in text and in quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"'`]/g, (char) => ESCAPES[char] ?? char);

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.text;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(text);
}

/** For markup this code generated itself; never for anything that came from outside. */
export const trustedHtml = (text: string): SafeHtml => new SafeHtml(text);
