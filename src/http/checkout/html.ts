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

/** The shell of every server-rendered page: its own script and stylesheet only, never indexed, no referrer sent. */
export function htmlDocument(page: {
  readonly title: string;
  readonly stylesheetUrl: string;
  readonly scriptUrl: string;
  readonly body: SafeHtml;
  /** Extra attributes of `<html>`, each preceded by a space. */
  readonly rootAttributes?: SafeHtml;
}): string {
  return html`<!doctype html>
<html lang="en"${page.rootAttributes ?? ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<link rel="icon" href="data:,">
<title>${page.title}</title>
<link rel="stylesheet" href="${page.stylesheetUrl}">
<script src="${page.scriptUrl}" defer></script>
</head>
<body>
${page.body}
</body>
</html>
`.text;
}
