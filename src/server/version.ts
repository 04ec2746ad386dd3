import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The gateway's version from package.json (source tree or dist/), e.g. for `User-Agent: blink-gateway/<version>`. */
export function gatewayVersion(): string {
  // src/server → ../../package.json; dist/src/server → ../../../package.json
  for (const candidate of [path.resolve(__dirname, '../../package.json'), path.resolve(__dirname, '../../../package.json')]) {
    if (!existsSync(candidate)) continue;
    const parsed = z.object({ name: z.literal('blink-gateway'), version: z.string() }).safeParse(JSON.parse(readFileSync(candidate, 'utf8')));
    if (parsed.success) return parsed.data.version;
  }
  return '0.0.0';
}
