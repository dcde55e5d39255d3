// Domain errors are values with names: a stable code for programs, a message for people,
// and the HTTP status the one express error handler (server/errors.ts) answers with.
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = code;
  }
}

export const NotFound = (what: string) => new DomainError('NotFound', `${what} not found`, 404);
export const Forbidden = (why = 'not allowed for your role') => new DomainError('Forbidden', why, 403);
export const Unauthenticated = () => new DomainError('Unauthenticated', 'log in first', 401);
export const Invalid = (message: string, details?: unknown) => new DomainError('ValidationFailed', message, 400, details);
export const Conflict = (code: string, message: string) => new DomainError(code, message, 409);
