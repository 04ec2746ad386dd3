/**
 * The Lightning invoice description ("memo") a store writes into each BOLT11 invoice: BTCPay's
 * `lightningDescriptionTemplate`, with the same placeholders, replaced case-insensitively as BTCPay
 * does. Blink allows at most 639 UTF-8 bytes of memo; the rendered text is cut to fit.
 */
export const DEFAULT_MEMO_TEMPLATE = 'Paid to {StoreName} (Order ID: {OrderId})';
export const MEMO_PLACEHOLDERS = ['{StoreName}', '{OrderId}', '{ItemDescription}'] as const;
export const MAX_MEMO_TEMPLATE_LENGTH = 500;
export const MAX_MEMO_BYTES = 639;

export interface MemoValues {
  readonly storeName: string;
  readonly orderId?: string | null;
  readonly itemDescription?: string | null;
}

const PLACEHOLDER = /\{(StoreName|OrderId|ItemDescription)\}/gi;

export function renderMemo(template: string, values: MemoValues): string {
  const rendered = template.replace(PLACEHOLDER, (_match, name: string) => {
    switch (name.toLowerCase()) {
      case 'storename': return values.storeName;
      case 'orderid': return values.orderId ?? '';
      default: return values.itemDescription ?? '';
    }
  });
  return truncateUtf8(rendered, MAX_MEMO_BYTES);
}

/** Cuts at a code point boundary so the result is valid UTF-8 of at most `maxBytes`. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Length(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

function utf8Length(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code < 0x10000) return 3;
  return 4;
}

/** Placeholders written with braces that are not one of ours, e.g. `{OrderID}` is fine but `{Order}` is not. */
export function unknownPlaceholders(template: string): string[] {
  const found = template.match(/\{[A-Za-z]+\}/g) ?? [];
  return found.filter((placeholder) => !MEMO_PLACEHOLDERS.some((known) => known.toLowerCase() === placeholder.toLowerCase()));
}
