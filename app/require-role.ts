import type { RequestHandler } from 'express';
import { Forbidden, Unauthenticated } from '../core/errors';
import type { Role } from '../wire';

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

/** Lets through a logged-in user whose role is at least `min` (admin ⊃ supervisor ⊃ agent). */
export function requireRole(min: Role): RequestHandler {
  return (req, _res, next) => {
    const role = req.session?.role;
    if (!req.session?.agentId || !role) return next(Unauthenticated());
    if (RANK[role] < RANK[min]) return next(Forbidden(`needs the ${min} role`));
    next();
  };
}

export function hasRole(role: Role | undefined, min: Role): boolean {
  return !!role && RANK[role] >= RANK[min];
}
