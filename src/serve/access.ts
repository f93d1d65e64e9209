/**
 * Who may talk to `nslab serve`: the decisions on each request, pure (docs/serve.md,
 * "Security"). The server serves a root shell in a sandbox, so every request must prove it
 * comes from the person who started it (the token printed with the URL, as Jupyter does), be
 * addressed to the loopback name it listens on (DNS rebinding), and a WebSocket must come from
 * a page of this very origin (a page of another site can open a WebSocket anywhere, cookies
 * included: browsers apply no same-origin rule to it).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The one address the server listens on: loopback, never another interface. */
export const LISTEN_ADDRESS = '127.0.0.1';

/** The query parameter that carries the token in the printed URL. */
export const TOKEN_PARAMETER = 'token';

/**
 * A new token: 32 random bytes (crypto.randomBytes, the kernel's CSPRNG), base64url, 43
 * characters that need no escaping in a URL or a cookie.
 */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The cookie that carries the token once the URL's has been seen. Cookies are per host, not
 * per port (RFC 6265, 8.5): with the port in its name, two servers on one machine do not
 * overwrite each other's (Jupyter names its cookie the same way).
 */
export function tokenCookieName(port: number): string {
  return `nslab_token_${port}`;
}

/**
 * The `Set-Cookie` value that keeps the token: HttpOnly (no script reads it), SameSite=Strict
 * (no other site's page sends it), Path=/, for the browser session only.
 */
export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The names a page of this server is addressed by: `127.0.0.1:PORT` and `localhost:PORT`. */
function ownAuthorities(port: number): string[] {
  return [`${LISTEN_ADDRESS}:${port}`, `localhost:${port}`];
}

/**
 * Whether a request's `Host` names this server. A DNS-rebinding page (evil.example resolved to
 * 127.0.0.1) reaches the socket with its own name in `Host`, so any other name is refused.
 * @param host the Host header, undefined when absent (HTTP/1.1 requires it: RFC 9112, 3.2)
 */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && ownAuthorities(port).includes(host.toLowerCase());
}

/**
 * Whether a WebSocket upgrade comes from a page of this server: its `Origin` (RFC 6455, 4.1,
 * which browsers always send) is `http://127.0.0.1:PORT` or `http://localhost:PORT`. A missing
 * Origin is refused too: no browser omits it, and the page is the only client.
 */
export function originAllowed(origin: string | undefined, port: number): boolean {
  return origin !== undefined && ownAuthorities(port).some((a) => origin.toLowerCase() === `http://${a}`);
}

/**
 * Whether a token given by a request is the server's, compared in constant time.
 * @param given from the query or the cookie; undefined when the request has none
 */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The token a request carries: the URL's `?token=` first, else the cookie's.
 * @param cookieHeader the raw `Cookie` header
 */
export function requestToken(query: string | undefined, cookieHeader: string | undefined, port: number): string | undefined {
  if (query !== undefined) return query;
  const name = tokenCookieName(port);
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The Content-Security-Policy of every response: scripts, styles, images, fonts and
 * connections from this origin only, so no request leaves the page. `'unsafe-inline'` for
 * styles only: xterm.js's DOM renderer writes its theme and dimensions into `<style>` elements
 * it creates (xtermjs/xterm.js#4445, #4133); a style cannot run code. `connect-src` names the
 * ws: origins, which older browsers do not count as 'self'.
 */
export function contentSecurityPolicy(port: number): string {
  const ws = ownAuthorities(port).map((a) => `ws://${a}`).join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}
