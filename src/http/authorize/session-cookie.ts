/**
 * The operator session cookie of the authorize pages. HttpOnly (no script reads it), SameSite=Strict
 * (no other site's page can make the browser send it: the pages' POSTs come from our own pages),
 * Path=/ and, when the gateway is served over https (PUBLIC_URL), Secure with the `__Host-` prefix,
 * which the browser enforces (Secure, no Domain, Path=/). It holds only a random session id; the
 * session itself is on the server.
 */
import { OPERATOR_SESSION_TTL_MS } from '../../app/api-keys/operator-session';

export interface SessionCookie {
  readonly name: string;
  /** `Set-Cookie` value that stores `id`. */
  set(id: string): string;
  /** `Set-Cookie` value that removes the cookie. */
  clear(): string;
  /** The session id in a `Cookie` header, if any. */
  read(header: string | undefined): string | undefined;
}

export function sessionCookie(secure: boolean): SessionCookie {
  const name = secure ? '__Host-bg-operator' : 'bg-operator';
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
  return {
    name,
    set: (id) => `${name}=${id}; Max-Age=${Math.floor(OPERATOR_SESSION_TTL_MS / 1000)}; ${attributes}`,
    clear: () => `${name}=; Max-Age=0; ${attributes}`,
    read(header) {
      if (header === undefined) return undefined;
      for (const part of header.split(';')) {
        const separator = part.indexOf('=');
        if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
      }
      return undefined;
    },
  };
}
