import type { RequestHandler } from 'express';
import { Forbidden, Unauthenticated } from '../core/errors';
import type { Role } from '../wire';

/** An association's representative ranks below every staff role: the portal's routes only (requireAssociation). */
const RANK: Record<Role, number> = { association: 0, agent: 1, supervisor: 2, admin: 3 };

/** Lets through a logged-in user whose role is at least `min` (admin ⊃ supervisor ⊃ agent). */
export function requireRole(min: Role): RequestHandler {
  return (req, _res, next) => {
    const role = req.session?.role;
    if (!req.session?.agentId || !role) return next(Unauthenticated());
    if (RANK[role] < RANK[min]) return next(Forbidden(`needs the ${min} role`));
    next();
  };
}

/** A logged-in representative of a consumer association (their association is on the session's agent record). */
export function requireAssociation(): RequestHandler {
  return (req, _res, next) => {
    if (!req.session?.agentId || !req.session.role) return next(Unauthenticated());
    if (req.session.role !== 'association') return next(Forbidden('for association representatives'));
    next();
  };
}

export function hasRole(role: Role | undefined, min: Role): boolean {
  return !!role && RANK[role] >= RANK[min];
}
