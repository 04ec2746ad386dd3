/**
 * The static files of a server-rendered page (one script, one stylesheet), served under names that
 * carry a hash of their content: browsers may cache them for good, a new version is a new URL, and
 * the pages need nothing inline (`script-src 'self'`, `style-src 'self'`).
 */
import { createHash } from 'node:crypto';

export interface PageAsset {
  readonly fileName: string;
  readonly contentType: string;
  readonly body: Buffer;
}

export interface PageAssets {
  readonly script: PageAsset;
  readonly styles: PageAsset;
  find(fileName: string): PageAsset | undefined;
}

function asset(stem: string, extension: string, contentType: string, text: string): PageAsset {
  const body = Buffer.from(text, 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { fileName: `${stem}-${hash}.${extension}`, contentType, body };
}

export function pageAssets(stem: string, files: { readonly script: string; readonly styles: string }): PageAssets {
  const script = asset(stem, 'js', 'text/javascript; charset=utf-8', files.script);
  const styles = asset(stem, 'css', 'text/css; charset=utf-8', files.styles);
  const byName = new Map([script, styles].map((file) => [file.fileName, file]));
  return { script, styles, find: (fileName) => byName.get(fileName) };
}
