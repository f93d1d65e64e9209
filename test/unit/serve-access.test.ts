import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, hostAllowed, newToken, originAllowed, requestToken, tokenCookie, tokenMatches } from '../../src/serve/access.js';

describe("nslab serve's access decisions", () => {
  it('makes tokens of 32 random bytes, base64url, each new', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newToken()).not.toBe(a);
  });

  it('takes only its own token, of the same length', () => {
    const token = newToken();
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(undefined, token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
    expect(tokenMatches(token.slice(1), token)).toBe(false);
    expect(tokenMatches(token + 'x', token)).toBe(false);
    expect(tokenMatches(token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), token)).toBe(false);
  });

  it("reads the token from the URL first, else from this port's cookie only", () => {
    expect(requestToken('q', 'nslab_token_8000=c', 8000)).toBe('q');
    expect(requestToken(undefined, 'a=1; nslab_token_8000=c; b=2', 8000)).toBe('c');
    expect(requestToken(undefined, 'nslab_token_8001=c', 8000)).toBeUndefined();
    expect(requestToken(undefined, 'nslab_token=c', 8000)).toBeUndefined();
    expect(requestToken(undefined, undefined, 8000)).toBeUndefined();
  });

  it('keeps the token in an HttpOnly, SameSite=Strict cookie for the whole site', () => {
    expect(tokenCookie(8000, 'T')).toBe('nslab_token_8000=T; HttpOnly; SameSite=Strict; Path=/');
  });

  it('allows a Host of 127.0.0.1:PORT or localhost:PORT only', () => {
    expect(hostAllowed('127.0.0.1:8000', 8000)).toBe(true);
    expect(hostAllowed('localhost:8000', 8000)).toBe(true);
    expect(hostAllowed('LOCALHOST:8000', 8000)).toBe(true);
    for (const host of [undefined, '', '127.0.0.1', 'localhost', '127.0.0.1:8001', 'evil.example:8000', '[::1]:8000', '0.0.0.0:8000', 'localhost.evil.example:8000']) {
      expect(hostAllowed(host, 8000), String(host)).toBe(false);
    }
  });

  it('allows a WebSocket Origin of http://127.0.0.1:PORT or http://localhost:PORT only', () => {
    expect(originAllowed('http://127.0.0.1:8000', 8000)).toBe(true);
    expect(originAllowed('http://localhost:8000', 8000)).toBe(true);
    for (const origin of [undefined, 'null', '', 'http://127.0.0.1:8001', 'https://127.0.0.1:8000', 'http://evil.example', 'http://evil.example:8000', 'http://127.0.0.1:8000.evil.example', 'file://']) {
      expect(originAllowed(origin, 8000), String(origin)).toBe(false);
    }
  });

  it("names nothing but this origin in the CSP; scripts from 'self' only", () => {
    const csp = contentSecurityPolicy(8000);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:8000 ws://localhost:8000");
    expect(csp).not.toMatch(/https?:|\*|unsafe-eval/);
    expect(csp.match(/'unsafe-inline'/g)).toHaveLength(1);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
  });
});
