import type { RequestHandler } from 'express';
import { Forbidden, Unauthenticated } from '../core/errors';
import type { Role } from '../wire';

// The privacy officer and an association's representative stand outside the agent →
// supervisor → admin line: no agent work, only what requireAnyRole (exports, erasures) or
// requireAssociation (the portal) names them for.
const RANK: Record<Role, number> = { privacy: 0, association: 0, agent: 1, supervisor: 2, admin: 3 };

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

/** Lets through a logged-in user holding one of `roles` exactly (the privacy routes: admin or privacy). */
export function requireAnyRole(roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const role = req.session?.role;
    if (!req.session?.agentId || !role) return next(Unauthenticated());
    if (!roles.includes(role)) return next(Forbidden(`needs one of the roles ${roles.join(', ')}`));
    next();
  };
}
