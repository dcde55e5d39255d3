// The reception form's input, validated field by field. Messages are catalogue keys
// ("field.too_short") with their parameters, translated into the visitor's language by
// fieldErrors(), so every field gets a clear message in it, ru or en.
import { z } from 'zod';
import { toE164 } from '../../core/phone';
import { FORM_CATEGORIES, LANGUAGES } from '../../wire';
import { tWeb } from './catalog';

export { FORM_CATEGORIES };

export const SUBMISSION_ID = /^[A-Za-z0-9_-]{16,64}$/;

const text = (min: number, max: number) =>
  z
    .string({ error: 'field.required' })
    .trim()
    .min(1, { error: 'field.required' })
    .min(min, { error: `field.too_short|${min}` })
    .max(max, { error: `field.too_long|${max}` });

const optionalText = (max: number) =>
  z
    .string({ error: 'field.invalid' })
    .trim()
    .max(max, { error: `field.too_long|${max}` })
    .optional()
    .transform((v) => (v ? v : undefined));

const code = z
  .string({ error: 'field.invalid_number' })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9/-]{0,31}$/, { error: 'field.invalid_number' })
  .optional()
  .or(z.literal('').transform(() => undefined));

export function requestSchema(defaultCountry: string) {
  return z
    .object({
      category: z.enum(FORM_CATEGORIES, { error: 'field.invalid_category' }),
      name: text(2, 200),
      email: optionalText(320).refine((v) => v === undefined || /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/.test(v), {
        error: 'field.invalid_email',
      }),
      phone: optionalText(40).refine((v) => v === undefined || toE164(v, defaultCountry) !== null, { error: 'field.invalid_phone' }),
      accountNumber: code,
      contractNumber: code,
      /** Instalment and deferral requests: the bill the proposal is for (checked against the account and contact). */
      billNumber: code,
      subject: optionalText(200),
      message: text(10, 5000),
      reading: z
        .string({ error: 'field.invalid_reading' })
        .trim()
        .regex(/^\d{1,12}$/, { error: 'field.invalid_reading' })
        .optional()
        .or(z.literal('').transform(() => undefined)),
      language: z.enum(LANGUAGES).optional(),
      /**
       * Made by the page once per request (random, 16–64 URL-safe characters) and sent again on every
       * retry: a repeat answers with the first ticket instead of opening a second one.
       */
      submissionId: z.string({ error: 'field.invalid' }).regex(SUBMISSION_ID, { error: 'field.invalid' }).optional(),
      /** Honeypot: hidden from people, filled in by form-spamming bots. */
      website: z.string().max(500).optional(),
    })
    .superRefine((v, ctx) => {
      if (!v.email && !v.phone) ctx.addIssue({ code: 'custom', path: ['email'], message: 'field.contact_required' });
      if (v.category === 'meter_reading' && !v.reading)
        ctx.addIssue({ code: 'custom', path: ['reading'], message: 'field.reading_required' });
    });
}

export type ReceptionRequest = z.output<ReturnType<typeof requestSchema>>;

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** zod issues → one translated message per field (the first problem of each). */
export function fieldErrors(issues: z.core.$ZodIssue[], language: string | undefined): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const field = issue.path.join('.') || '(body)';
    if (out.some((e) => e.field === field)) continue;
    const [key, param] = (issue.message.startsWith('field.') ? issue.message : 'field.invalid').split('|');
    const code = key!.slice('field.'.length);
    out.push({ field, code, message: tWeb(language, key!, { min: param, max: param }) });
  }
  return out;
}

/** The contact a per-contact rate limit counts on: the e-mail, else the phone, normalised. */
export function contactKey(body: unknown, defaultCountry: string): string | null {
  if (!body || typeof body !== 'object') return null;
  const { email, phone } = body as { email?: unknown; phone?: unknown };
  if (typeof email === 'string' && email.includes('@')) return `e:${email.trim().toLowerCase()}`;
  if (typeof phone === 'string' && phone.trim()) return `p:${toE164(phone, defaultCountry) ?? phone.replace(/\D/g, '')}`;
  return null;
}
