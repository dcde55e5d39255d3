// The reception's consent page API: a customer proves they hold the account (account number
// + a phone or e-mail on file, core/billing/identity.ts), sees their consents and
// changes them through setConsents (audited as `customer:web`). POST, never GET: the identity
// details stay out of URLs and logs. Rate-limited like the other reception posts (per client
// address and per contact), which also blunts guessing.
import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../app/context';
import { DomainError, Invalid } from '../../core/errors';
import { toE164 } from '../../core/phone';
import { verifyAccountHolder } from '../../core/billing/identity';
import { CONSENT_KEYS, setConsents } from '../../core/privacy/set-consents';
import { customerByAccount } from '../../models/repos/customers';
import { LANGUAGES, type Language } from '../../wire';
import { tWeb } from './catalog';
import { receptionLimits } from './rate-limits';
import { fieldErrors } from './request-schema';

const MAX_BODY_BYTES = 8 * 1024;

/** The account holder's proof; messages are catalogue keys, translated by fieldErrors(). */
function holderSchema(defaultCountry: string) {
  return z.object({
    accountNumber: z
      .string({ error: 'field.required' })
      .trim()
      .min(1, { error: 'field.required' })
      .regex(/^[A-Za-z0-9][A-Za-z0-9/-]{0,31}$/, { error: 'field.invalid_number' }),
    email: z
      .string({ error: 'field.invalid_email' })
      .trim()
      .max(320, { error: 'field.too_long|320' })
      .refine((v) => v === '' || /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/.test(v), { error: 'field.invalid_email' })
      .optional(),
    phone: z
      .string({ error: 'field.invalid_phone' })
      .trim()
      .max(40, { error: 'field.too_long|40' })
      .refine((v) => v === '' || toE164(v, defaultCountry) !== null, { error: 'field.invalid_phone' })
      .optional(),
    language: z.enum(LANGUAGES).optional(),
  });
}

const hasContact = (b: { email?: string; phone?: string }) => !!b.email || !!b.phone;
const CONTACT_REQUIRED = { error: 'field.contact_required', path: ['email'] };

export function consentLookupSchema(defaultCountry: string) {
  return holderSchema(defaultCountry).strict().refine(hasContact, CONTACT_REQUIRED);
}

export function consentChangeSchema(defaultCountry: string) {
  const change = z
    .object(
      Object.fromEntries(CONSENT_KEYS.map((k) => [k, z.boolean({ error: 'field.invalid' }).optional()])) as Record<
        (typeof CONSENT_KEYS)[number],
        z.ZodOptional<z.ZodBoolean>
      >,
    )
    .strict()
    .refine((c) => Object.values(c).some((v) => typeof v === 'boolean'), { error: 'field.required' });
  return holderSchema(defaultCountry).extend({ change }).strict().refine(hasContact, CONTACT_REQUIRED);
}

const NOT_HOLDER: Record<Language, string> = {
  it: 'Non troviamo un cliente con questi dati. Controlli il codice cliente e indichi l’e-mail o il telefono che ci ha comunicato.',
  ru: 'Клиент с такими данными не найден. Проверьте номер клиента и укажите почту или телефон, которые вы нам сообщили.',
  en: 'We found no customer with these details. Check your account number and give the e-mail or phone you gave us.',
};

export function consentRoutes(router: Router, ctx: AppContext): void {
  const limits = receptionLimits(ctx.redis, ctx.config);
  const country = ctx.config.DEFAULT_COUNTRY;
  const lookup = consentLookupSchema(country);
  const changeSchema = consentChangeSchema(country);

  function languageOf(body: unknown): Language {
    const l = (body as { language?: unknown } | undefined)?.language;
    return (LANGUAGES as readonly unknown[]).includes(l) ? (l as Language) : ctx.config.DEFAULT_LANGUAGE;
  }

  async function holder(body: { accountNumber: string; email?: string; phone?: string }, language: Language): Promise<string> {
    try {
      return await verifyAccountHolder({
        accountNumber: body.accountNumber,
        email: body.email || null,
        phone: body.phone ? toE164(body.phone, country) : null,
      });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'NotVerified') throw new DomainError(err.code, NOT_HOLDER[language], 403, err.details);
      throw err;
    }
  }

  async function consentsOf(accountNumber: string) {
    const c = (await customerByAccount(accountNumber, { consents: 1 }))?.consents;
    return {
      sms: c?.sms !== false,
      email: c?.email !== false,
      voice: c?.voice !== false,
      reminders: c?.reminders !== false,
      marketing: !!c?.marketing,
    };
  }

  function parse<T>(schema: z.ZodType<T>, body: unknown, language: Language): T {
    const parsed = schema.safeParse(body ?? {});
    if (!parsed.success) throw Invalid(tWeb(language, 'error.invalid'), fieldErrors(parsed.error.issues, language));
    return parsed.data;
  }

  function small(len: string | undefined): void {
    if (Number(len ?? 0) > MAX_BODY_BYTES) throw new DomainError('PayloadTooLarge', 'request body too large', 413);
  }

  router.post('/api/reception/consents/lookup', limits.perIp, limits.perContact, async (req, res) => {
    small(req.headers['content-length']);
    const language = languageOf(req.body);
    const body = parse(lookup, req.body, language);
    const account = await holder(body, language);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ consents: await consentsOf(account) });
  });

  router.post('/api/reception/consents', limits.perIp, limits.perContact, async (req, res) => {
    small(req.headers['content-length']);
    const language = languageOf(req.body);
    const body = parse(changeSchema, req.body, language);
    const account = await holder(body, language);
    await setConsents({ accountNumber: account, change: body.change, actor: 'customer:web', now: ctx.clock.now() });
    ctx.logger.info({ keys: Object.keys(body.change) }, 'reception consent change');
    res.setHeader('Cache-Control', 'no-store');
    res.json({ consents: await consentsOf(account) });
  });
}
