import type { z } from 'zod';
import { Invalid } from '../core/errors';

/** Parses request input with a zod schema; failures become a 400 listing each field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const fields = result.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
    throw Invalid(`invalid input: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, fields);
  }
  return result.data;
}
