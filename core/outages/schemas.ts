// The request shapes of the outage use cases (validated at the edge by the routes, documented
// by server/openapi.ts from the same schemas).
import { z } from 'zod';
import { SERVICES } from '../../models/contract';

const text = z.string().trim().max(1000);
/** Text per language; a language left out is said with the standard sentence. */
export const localisedSchema = z.object({ it: text.optional(), ru: text.optional(), en: text.optional() }).strict();
const codes = (max: number) => z.array(z.string().trim().min(1).max(64)).max(max);

export const declareOutageSchema = z.object({
  service: z.enum(SERVICES),
  areaCodes: codes(500).default([]),
  supplyPoints: codes(10_000).default([]),
  cause: localisedSchema.default({}),
  publicMessage: localisedSchema.default({}),
  /** When supply failed; default now. */
  startedAt: z.coerce.date().optional(),
  expectedRestorationAt: z.coerce.date().optional(),
  /** A danger to people: notices go out at night too. */
  urgent: z.boolean().default(false),
  /** Tell every customer of the area now (the restoration notice goes to them whatever this says). */
  notify: z.boolean().default(false),
});
export type DeclareOutage = z.infer<typeof declareOutageSchema>;

export const updateOutageSchema = z
  .object({
    /** The version this change applies to (409 StaleVersion when another change came first). */
    version: z.number().int().min(1),
    expectedRestorationAt: z.coerce.date().nullable().optional(),
    cause: localisedSchema.optional(),
    publicMessage: localisedSchema.optional(),
    areaCodes: codes(500).optional(),
    supplyPoints: codes(10_000).optional(),
    urgent: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).some((k) => k !== 'version'), 'nothing to change: give a field besides version');
export type UpdateOutage = z.infer<typeof updateOutageSchema>;

export const promoteOutageSchema = z
  .object({
    version: z.number().int().min(1).optional(),
    cause: localisedSchema.optional(),
    publicMessage: localisedSchema.optional(),
    expectedRestorationAt: z.coerce.date().optional(),
    urgent: z.boolean().optional(),
    notify: z.boolean().default(false),
  })
  .strict()
  .default({ notify: false });
export type PromoteOutage = z.infer<typeof promoteOutageSchema>;

export const closeOutageSchema = z
  .object({
    /** When given, the outage must still be at this version (409 StaleVersion otherwise). */
    version: z.number().int().min(1).optional(),
    /** When supply came back; default now. */
    resolvedAt: z.coerce.date().optional(),
  })
  .strict()
  .default({});
export type CloseOutage = z.infer<typeof closeOutageSchema>;
