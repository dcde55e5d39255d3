// Walk-in offices and their services, kept by an admin; read by the check-in page and the desks.
import { z } from 'zod';
import { Office } from '../../models/office';
import { CATEGORIES } from '../../wire';
import type { OfficeView } from '../../wire/walk-in';
import { isOpen, parseBusinessHours } from '../business-hours';
import { NotFound } from '../errors';

export const officeSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'a short code: lower-case letters, digits and dashes'),
    name: z.string().trim().min(1).max(120),
    hours: z
      .string()
      .max(500)
      .refine((h) => {
        try {
          parseBusinessHours(h);
          return true;
        } catch {
          return false;
        }
      }, 'not opening hours like "mon-fri 08:30-16:30; sat 09:00-12:00"'),
    services: z
      .array(
        z.object({
          code: z.string().regex(/^[A-Z]$/, 'one capital letter'),
          name: z.string().trim().min(1).max(80),
          category: z.enum(CATEGORIES),
          /** Minutes of a booked slot; without it the service takes no bookings (walk-ins only). */
          slotMinutes: z.number().int().min(5).max(240).optional(),
        }),
      )
      .min(1)
      .max(26)
      .refine((s) => new Set(s.map((x) => x.code)).size === s.length, 'each service needs its own letter'),
    /** Desks serving at once: how many visitors may book the same slot of a service. */
    desks: z.number().int().min(1).max(50).default(1),
  })
  .strict();
export type OfficeInput = z.infer<typeof officeSchema>;

/** Creates or replaces an office (the id is the natural key). */
export async function saveOffice(input: OfficeInput): Promise<void> {
  await Office.updateOne(
    { _id: input.id },
    { $set: { name: input.name, hours: input.hours, services: input.services, desks: input.desks, active: true } },
    { upsert: true },
  );
}

export async function officeById(id: string) {
  const office = await Office.findById(id).lean();
  if (!office || office.active === false) throw NotFound('office');
  return office;
}

export function officeView(
  o: {
    _id: string;
    name: string;
    hours: string;
    desks?: number | null;
    services: Array<{ code: string; name: string; category: string; slotMinutes?: number | null }>;
  },
  now: Date,
  timezone: string,
): OfficeView {
  return {
    id: o._id,
    name: o.name,
    hours: o.hours,
    services: o.services.map((s) => ({
      code: s.code,
      name: s.name,
      category: s.category as OfficeView['services'][number]['category'],
      ...(s.slotMinutes ? { slotMinutes: s.slotMinutes } : {}),
    })),
    desks: o.desks ?? 1,
    open: isOpen(parseBusinessHours(o.hours), now, timezone),
  };
}

export async function listOffices(now: Date, timezone: string): Promise<OfficeView[]> {
  const rows = await Office.find({ active: true }).lean();
  return rows.map((o) => officeView(o, now, timezone)).sort((a, b) => a.name.localeCompare(b.name));
}
