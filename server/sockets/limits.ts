// Abuse limits of socket.io connections (issue 19, defect 6: 5,000 anonymous idle
// connections from one address were all accepted). Applied on the engine handshake, before
// any namespace, where the session cookie has already been read (engine middlewares run
// first), so a refused connection costs no more than one HTTP request:
// - per client address (behind TRUST_PROXY, as express sees it): SOCKET_MAX_PER_ADDRESS
//   connections in all — large, since 200 agents and their supervisors may share one office
//   NAT — and SOCKET_MAX_ANONYMOUS_PER_ADDRESS without a session (reception chat visitors);
// - per session: SOCKET_MAX_PER_SESSION (a console opens one; a few tabs are fine);
// - a connection with a session must come from our own origin (cross-site WebSocket
//   hijacking is CSRF on a socket: server/auth/origin-check.ts);
// - a connection without a session that sends nothing for SOCKET_ANONYMOUS_IDLE_SECONDS is
//   closed (a visitor's chat page reconnects and resumes by itself), and an anonymous
//   attempt on the agents' namespace ends the whole connection at once.
// Counted per node, in memory: a connection lives on one node, and a count in Redis would
// outlive a node killed with its connections.
import type { IncomingMessage } from 'node:http';
import express from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Namespace } from 'socket.io';
import type { SessionData } from 'express-session';
import type { AppContext } from '../../app/context';
import { sameOrigin } from '../auth/origin-check';

type EngineRequest = IncomingMessage & { session?: Partial<SessionData>; sessionID?: string };
type Trust = (address: string, hop: number) => boolean;

export type SocketLimitConfig = Pick<
  AppContext['config'],
  | 'SOCKET_MAX_PER_ADDRESS'
  | 'SOCKET_MAX_ANONYMOUS_PER_ADDRESS'
  | 'SOCKET_MAX_PER_SESSION'
  | 'SOCKET_ANONYMOUS_IDLE_SECONDS'
  | 'TRUST_PROXY'
  | 'PUBLIC_BASE_URL'
>;

/** The express "trust proxy" rule of TRUST_PROXY, compiled the way the app compiles it. */
function trustOf(value: string): Trust {
  return express().set('trust proxy', value).get('trust proxy fn') as Trust;
}

/** The client address as express's req.ip computes it: the first untrusted hop from the socket back. */
function clientAddress(req: IncomingMessage, trust: Trust): string {
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .reverse();
  const hops = [req.socket.remoteAddress ?? '', ...forwarded];
  for (let i = 0; i < hops.length - 1; i++) if (!trust(hops[i]!, i)) return hops[i]!;
  return hops[hops.length - 1]!;
}

function ownOrigin(req: IncomingMessage, trust: Trust): string {
  const proto =
    trust(req.socket.remoteAddress ?? '', 0) && typeof req.headers['x-forwarded-proto'] === 'string'
      ? req.headers['x-forwarded-proto'].split(',')[0]!.trim()
      : 'encrypted' in req.socket && req.socket.encrypted
        ? 'https'
        : 'http';
  return `${proto}://${req.headers.host ?? ''}`;
}

class Counter {
  private readonly counts = new Map<string, number>();
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  add(key: string): () => void {
    this.counts.set(key, this.get(key) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = this.get(key) - 1;
      if (n > 0) this.counts.set(key, n);
      else this.counts.delete(key);
    };
  }
}

/** Installs the limits on ctx.io's engine and on the agents' namespace (HTTP nodes, once). */
export function installSocketLimits(ctx: AppContext, agents: Namespace): void {
  const { config, logger } = ctx;
  const trust = trustOf(config.TRUST_PROXY);
  const trusted = new URL(config.PUBLIC_BASE_URL).origin;
  const perAddress = new Counter();
  const anonymousPerAddress = new Counter();
  const perSession = new Counter();
  const addressOf = (req: IncomingMessage) => ipKeyGenerator(clientAddress(req, trust));

  ctx.io.engine.opts.allowRequest = (raw, done) => {
    const req = raw as EngineRequest;
    const address = addressOf(req);
    const authenticated = !!req.session?.agentId;
    let refusal: string | null = null;
    if (perAddress.get(address) >= config.SOCKET_MAX_PER_ADDRESS) refusal = 'too many connections from this address';
    else if (!authenticated && anonymousPerAddress.get(address) >= config.SOCKET_MAX_ANONYMOUS_PER_ADDRESS)
      refusal = 'too many connections without a session from this address';
    else if (authenticated && perSession.get(req.sessionID ?? '') >= config.SOCKET_MAX_PER_SESSION)
      refusal = 'too many connections for this session';
    else if (authenticated && !sameOrigin(req.headers, ownOrigin(req, trust), trusted)) refusal = 'cross-origin connection refused';
    if (refusal) logger.info({ authenticated, reason: refusal }, 'socket connection refused');
    done(refusal, refusal === null);
  };

  ctx.io.engine.on('connection', (conn: { request: IncomingMessage; on(e: string, f: () => void): void; close(): void }) => {
    const req = conn.request as EngineRequest;
    const address = addressOf(req);
    const releases = [perAddress.add(address)];
    let idle: NodeJS.Timeout | null = null;
    if (req.session?.agentId) releases.push(perSession.add(req.sessionID ?? ''));
    else {
      releases.push(anonymousPerAddress.add(address));
      const arm = () => {
        if (idle) clearTimeout(idle);
        idle = setTimeout(() => conn.close(), config.SOCKET_ANONYMOUS_IDLE_SECONDS * 1000);
        idle.unref();
      };
      arm();
      conn.on('message', arm);
    }
    conn.on('close', () => {
      if (idle) clearTimeout(idle);
      for (const release of releases) release();
    });
  });

  // No session, no agents' namespace: refused, and the connection ends rather than idling.
  agents.use((socket, next) => {
    const session = (socket.request as EngineRequest).session;
    if (session?.agentId && session.role) return next();
    next(new Error('unauthenticated'));
    setImmediate(() => socket.conn.close());
  });
}
