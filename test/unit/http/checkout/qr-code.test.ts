import jsQR from 'jsqr';
import { create } from 'qrcode';
import { lightningUri, qrMatrix, qrSvg, type QrMatrix } from '../../../../src/http/checkout/qr-code';

const BOLT11 = 'lnbcrt135880n1p4s3jq9pp5vnv0maczjqhftfm7d328mtd2czwc5qzckxltsrwph4pfnjylccrqsp5lahhsg24se9q57c0zy4t55uh8jhu24nachwsq7jzv2e7wswre7jqdzd2pskjepqw3hjqsm0wfhx2u3qgdskdsafyq5y7unyv4ezqj2y8gsx7unyv4ez6um9vdex2apdxsezjxqzuycqzzs9qypscqhky9l873htxajqgzdpgyj4nmkwfnuqjy4nhc6xpequt7nkcuuxn83ccrgm9y048x8e5c95jqrym9emaxkn90jgje7llcaj0elqnsghqqymfxxs';

/** Paints the SVG's path (runs `M x y h w v1 h-w z`) back into a module grid. */
function gridOfSvg(svg: string): { side: number; dark: boolean[][] } {
  const side = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const dark = Array.from({ length: side }, () => Array<boolean>(side).fill(false));
  for (const run of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)) {
    const [x, y, w, back] = [run[1], run[2], run[3], run[4]].map(Number) as [number, number, number, number];
    expect(back).toBe(w);
    for (let i = 0; i < w; i += 1) dark[y]![x + i] = true;
  }
  return { side, dark };
}

/** The grid as RGBA pixels, `scale` pixels a module, for jsQR. */
function pixels(grid: { side: number; dark: boolean[][] }, scale = 4): { data: Uint8ClampedArray; size: number } {
  const size = grid.side * scale;
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const value = grid.dark[Math.floor(y / scale)]![Math.floor(x / scale)] ? 0 : 255;
      data.set([value, value, value, 255], (y * size + x) * 4);
    }
  }
  return { data, size };
}

describe('the QR code of a BOLT11', () => {
  it('encodes lightning:<BOLT11> in upper case, which QR codes in alphanumeric mode', () => {
    expect(lightningUri('lnbc1abc')).toBe('LIGHTNING:LNBC1ABC');
    const code = create(lightningUri(BOLT11), { errorCorrectionLevel: 'M' });
    expect(code.segments.map((segment) => segment.mode.id)).toEqual(['Alphanumeric']);
    // The same text in lower case needs byte mode and a bigger code.
    expect(create(`lightning:${BOLT11}`, { errorCorrectionLevel: 'M' }).version).toBeGreaterThan(code.version);
  });

  it('the SVG draws exactly the matrix, with a 4-module quiet zone, and decodes to the text', () => {
    const matrix = qrMatrix(lightningUri(BOLT11));
    const svg = qrSvg(matrix, 'QR').text;
    const grid = gridOfSvg(svg);
    expect(grid.side).toBe(matrix.size + 8);
    for (let row = 0; row < grid.side; row += 1) {
      for (let column = 0; column < grid.side; column += 1) {
        const inside = row >= 4 && column >= 4 && row < matrix.size + 4 && column < matrix.size + 4;
        expect(grid.dark[row]![column]).toBe(inside && matrix.isDark(row - 4, column - 4));
      }
    }
    const { data, size } = pixels(grid);
    expect(jsQR(data, size, size)?.data).toBe(`LIGHTNING:${BOLT11.toUpperCase()}`);
  });

  it('a different matrix draws a different code (the decoder is not fooled by the label)', () => {
    const other: QrMatrix = qrMatrix('LIGHTNING:LNBC1OTHER');
    const { data, size } = pixels(gridOfSvg(qrSvg(other, `LIGHTNING:${BOLT11}`).text));
    expect(jsQR(data, size, size)?.data).toBe('LIGHTNING:LNBC1OTHER');
  });

  it('escapes its label and is an accessible image', () => {
    const svg = qrSvg(qrMatrix('X'), 'a "b" <c>').text;
    expect(svg).toContain('role="img" aria-label="a &#34;b&#34; &#60;c&#62;"');
  });
});
