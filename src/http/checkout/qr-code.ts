/**
 * The QR code of `lightning:<BOLT11>`, upper-cased: a BOLT11 is case-insensitive, and upper case
 * fits QR's alphanumeric mode (5.5 bits a character instead of 8), so the code has fewer, larger
 * modules and scans more easily. Rendered here as inline SVG, so the page needs no script or image
 * source for it and the Content-Security-Policy stays strict.
 */
import { create } from 'qrcode';
import { trustedHtml, type SafeHtml } from './html';

/** The quiet zone the QR standard asks for, in modules. */
const MARGIN = 4;

export const lightningUri = (bolt11: string): string => `lightning:${bolt11}`.toUpperCase();

export interface QrMatrix {
  readonly size: number;
  isDark(row: number, column: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
  const code = create(text, { errorCorrectionLevel: 'M' });
  const { size } = code.modules;
  return { size, isDark: (row, column) => code.modules.get(row, column) === 1 };
}

/** One path of horizontal runs: small markup even for a long BOLT11. */
export function qrSvg(matrix: QrMatrix, label: string): SafeHtml {
  const side = matrix.size + 2 * MARGIN;
  let path = '';
  for (let row = 0; row < matrix.size; row += 1) {
    let column = 0;
    while (column < matrix.size) {
      if (!matrix.isDark(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < matrix.size && matrix.isDark(row, column)) column += 1;
      path += `M${start + MARGIN} ${row + MARGIN}h${column - start}v1h${start - column}z`;
    }
  }
  const escapedLabel = label.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  return trustedHtml(
    `<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges" role="img" aria-label="${escapedLabel}">`
    + `<rect width="${side}" height="${side}" fill="#ffffff"/><path fill="#000000" d="${path}"/></svg>`,
  );
}

export const lightningQrSvg = (bolt11: string): SafeHtml =>
  qrSvg(qrMatrix(lightningUri(bolt11)), 'QR code of the Lightning invoice');
