/**
 * The BOLT11 description ("memo") the buyer's wallet shows, from the store's template: BTCPay's
 * `lightningDescriptionTemplate`, with its placeholders, matched case-insensitively as BTCPay does.
 * Blink refuses a memo over 639 UTF-8 bytes (`Memo is too long`, blink-api.md §6), so a long one is cut
 * rather than failing the invoice; the cut never splits a character (nor a user-perceived one, like a flag).
 */
export const BLINK_MEMO_MAX_BYTES = 639;
export const DEFAULT_MEMO_TEMPLATE = 'Paid to {StoreName} (Order ID: {OrderId})';
export const MEMO_PLACEHOLDERS = ['{StoreName}', '{OrderId}', '{ItemDescription}'] as const;
export const MAX_MEMO_TEMPLATE_LENGTH = 500;

export interface MemoValues {
  readonly storeName?: string | null;
  readonly orderId?: string | null;
  /** Greenfield's `metadata.itemDesc`. */
  readonly itemDescription?: string | null;
}

const PLACEHOLDER = /\{(StoreName|OrderId|ItemDescription)\}/gi;

/**
 * Replaces `{StoreName}`, `{OrderId}` and `{ItemDescription}`, in any letter case (absent values
 * become empty), in one pass, so a value that itself contains `{OrderId}` is not expanded again.
 * Unknown braces stay. The result is trimmed, then cut to `maxBytes` of UTF-8.
 */
export function renderMemo(template: string, values: MemoValues, maxBytes = BLINK_MEMO_MAX_BYTES): string {
  const rendered = template.replace(PLACEHOLDER, (_match, name: string) => {
    switch (name.toLowerCase()) {
      case 'storename': return values.storeName ?? '';
      case 'orderid': return values.orderId ?? '';
      default: return values.itemDescription ?? '';
    }
  });
  return truncateUtf8(rendered.trim(), maxBytes);
}

/** Placeholders written with braces that are not ours, in any case: `{orderid}` is fine, `{Order}` is not. */
export function unknownPlaceholders(template: string): string[] {
  const found = template.match(/\{[A-Za-z]+\}/g) ?? [];
  return found.filter((placeholder) => !MEMO_PLACEHOLDERS.some((known) => known.toLowerCase() === placeholder.toLowerCase()));
}

export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    // A lone surrogate is encoded as U+FFFD (3 bytes), as TextEncoder and Buffer do.
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The longest prefix of whole graphemes that fits in `maxBytes` of UTF-8. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = utf8Length(segment);
    if (used + size > maxBytes) break;
    kept += segment;
    used += size;
  }
  return kept;
}
