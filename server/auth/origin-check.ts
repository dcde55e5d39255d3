// CSRF defence for cookie-authenticated requests (OWASP: verify the source origin with
// standard headers). SameSite=Lax stops other *sites* only: a page on the same host and
// another port is same-site, so the browser sends the agent's cookie with its form posts
// and fetches. Every state-changing request that carries the session cookie (and every
// login, against login CSRF) must come from our own origin.
import type { IncomingHttpHeaders } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { DomainError } from '../../core/errors';
import { SESSION_COOKIE } from './session';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const LOGIN_PATH = '/api/auth/login';

export const CrossOrigin = () =>
  new DomainError('CrossOriginRequest', 'this request did not come from a page of this site; reload the page and try again', 403);

export function hasSessionCookie(headers: IncomingHttpHeaders): boolean {
  return new RegExp(`(?:^|;\\s*)${SESSION_COOKIE.replace('.', '\\.')}=`).test(headers.cookie ?? '');
}

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return 'invalid';
  }
}

/**
 * Whether a browser request comes from a trusted origin. `Origin` first, else the origin of
 * `Referer`; trusted are PUBLIC_BASE_URL's origin and the request's own origin (scheme and
 * Host as the browser sent them — another port or host never matches, so it adds no trust,
 * and it keeps the pages working on an address other than the public one, as in tests and
 * on a LAN). A request with neither header is not from a browser page (browsers send
 * `Origin` on every cross-origin request and on same-origin POSTs) — curl, scripts, the
 * tests' fetch — unless `Sec-Fetch-Site` says a browser sent it from elsewhere.
 */
export function sameOrigin(headers: IncomingHttpHeaders, own: string, trusted: string): boolean {
  const origin = typeof headers.origin === 'string' ? headers.origin : undefined;
  const source = origin !== undefined ? (origin === 'null' ? 'null' : originOf(origin)) : originOf(headers.referer);
  if (source === null) {
    const site = headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none';
  }
  return source === trusted || source === own;
}

function ownOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? ''}`;
}

/** Refuses state-changing cookie-authenticated requests (and logins) from another origin with 403 CrossOriginRequest. */
export function originCheck(publicBaseUrl: string): RequestHandler {
  const trusted = new URL(publicBaseUrl).origin;
  return (req, _res, next) => {
    if (!STATE_CHANGING.has(req.method) || req.path.startsWith('/webhooks/')) return next();
    if (req.path !== LOGIN_PATH && !hasSessionCookie(req.headers)) return next();
    if (!sameOrigin(req.headers, ownOrigin(req), trusted)) return next(CrossOrigin());
    next();
  };
}
