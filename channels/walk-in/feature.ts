// Walk-in offices (sportelli / ЦОК): offices and services (admin), check-in (kiosk or
// receptionist, logged in as an agent), the desks (call next, recall, no show, done), the
// office display over socket.io (namespace /walk-in, public: numbers and desks only, no
// personal data), the statistics per office and service, and the two pages.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express from 'express';
import { z } from 'zod';
import type { Feature } from '../../app/feature';
import { requireRole } from '../../app/require-role';
import { parse } from '../../app/validate';
import type { AppContext } from '../../app/context';
import { toCsv } from '../../core/stats/csv';
import { book, cancelBooking, listSlots } from '../../core/walk-in/bookings';
import { bookingLimit } from './booking-limits';
import { checkIn } from '../../core/walk-in/check-in';
import {
  callNext,
  calledVisits,
  finishVisit,
  longWaitSecondsOf,
  recall,
  visitView,
  waitingVisits,
  walkInFigures,
} from '../../core/walk-in/desk';
import { listOffices, officeById, officeSchema, officeView, saveOffice } from '../../core/walk-in/offices';
import { LANGUAGES } from '../../wire';
import { WALKIN_NAMESPACE, type NowServing } from '../../wire/walk-in';

const dist = resolve(__dirname, '..', '..', 'web', 'dist');
const officeId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'an office code');
const visitId = z.string().regex(/^[0-9a-f]{24}$/, 'a visit id');
const bookingCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{6}$/, 'a booking code of 6 letters and digits')
  .transform((c) => c.toUpperCase());
/** An account number as the reception form takes it. */
const accountNumber = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9/-]{0,31}$/, 'an account number: letters, digits, / and -');
export const checkInBody = z
  .object({
    service: z
      .string()
      .regex(/^[A-Z]$/, 'a service letter')
      .optional(),
    bookingCode: bookingCode.optional(),
    accountNumber: z.string().trim().min(1).max(64).optional(),
    phone: z.string().trim().min(3).max(40).optional(),
    language: z.enum(LANGUAGES).optional(),
  })
  .strict()
  .refine((b) => b.service || b.bookingCode, { message: 'a service letter or a booking code is required', path: ['service'] });
export const bookingBody = z
  .object({
    service: z.string().regex(/^[A-Z]$/, 'a service letter'),
    slotStart: z.iso.datetime({ offset: true, message: 'the slot start, an ISO date-time' }),
    phone: z.string().trim().min(3).max(40).optional(),
    accountNumber: accountNumber.optional(),
    language: z.enum(LANGUAGES).optional(),
  })
  .strict()
  .refine((b) => b.phone || b.accountNumber, { message: 'a phone number or an account number is required', path: ['phone'] });
export const cancelBookingBody = z
  .object({ phone: z.string().trim().min(3).max(40).optional(), accountNumber: accountNumber.optional() })
  .strict()
  .refine((b) => b.phone || b.accountNumber, { message: 'the phone number or account number of the booking', path: ['phone'] });
const slotsQuery = z.object({
  service: z.string().regex(/^[A-Z]$/, 'a service letter'),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day YYYY-MM-DD'),
});
export const callNextBody = z
  .object({
    desk: z.string().trim().min(1).max(20),
    services: z
      .array(z.string().regex(/^[A-Z]$/))
      .max(26)
      .optional(),
  })
  .strict();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day YYYY-MM-DD');
const statsQuery = z.object({ from: day, to: day, format: z.enum(['json', 'csv']).default('json') });

const actorOf = (req: express.Request) => ({ agentId: req.session.agentId!, role: req.session.role! });
const officeRoom = (office: string) => `office:${office}`;

export const walkInFeature: Feature = {
  name: 'walk-in',
  routes(router, ctx) {
    const json = express.json({ limit: '16kb' });
    const page = (file: string) => (_req: express.Request, res: express.Response) => {
      const p = join(dist, file);
      if (!existsSync(p)) {
        res.status(503).type('text').send('Web pages are not built yet: run `npm run build:web`.');
        return;
      }
      res.sendFile(p);
    };
    router.get('/walk-in', page('walk-in.html'));
    router.get('/walk-in/display', page('walk-in-display.html'));

    router.post('/api/admin/offices', requireRole('admin'), json, async (req, res) => {
      const input = parse(officeSchema, req.body);
      await saveOffice(input);
      res.status(201).json(officeView({ _id: input.id, ...input }, ctx.clock.now(), ctx.config.TIMEZONE));
    });
    // Public: what a kiosk or a display needs to show (names, services, hours).
    router.get('/api/walk-in/offices', async (_req, res) => {
      res.json({ offices: await listOffices(ctx.clock.now(), ctx.config.TIMEZONE) });
    });
    router.get('/api/walk-in/offices/:office/now-serving', async (req, res) => {
      const office = await officeById(parse(officeId, req.params.office));
      res.json({ serving: (await calledVisits(office._id)).slice(0, 8).map((v) => nowServing(v)) });
    });
    // Optional booking from the reception page (public, like the reception form): slots, book, cancel.
    router.get('/api/walk-in/offices/:office/slots', async (req, res) => {
      const office = parse(officeId, req.params.office);
      const q = parse(slotsQuery, req.query);
      res.json({ slots: await listSlots(ctx, { office, ...q }) });
    });
    router.post('/api/walk-in/offices/:office/bookings', bookingLimit(ctx.redis, ctx.config), json, async (req, res) => {
      const office = parse(officeId, req.params.office);
      const body = parse(bookingBody, req.body);
      res.status(201).json(await book(ctx, { office, ...body, slotStart: new Date(body.slotStart) }));
    });
    router.post('/api/walk-in/bookings/:code/cancel', json, async (req, res) => {
      const code = parse(bookingCode, req.params.code);
      await cancelBooking(ctx, { code, ...parse(cancelBookingBody, req.body) });
      res.json({ code, cancelled: true });
    });
    router.post('/api/walk-in/offices/:office/check-in', requireRole('agent'), json, async (req, res) => {
      const office = parse(officeId, req.params.office);
      res.status(201).json(await checkIn(ctx, { office, ...parse(checkInBody, req.body) }));
    });
    router.get('/api/walk-in/offices/:office/visits', requireRole('agent'), async (req, res) => {
      const office = await officeById(parse(officeId, req.params.office));
      const [waiting, called] = await Promise.all([waitingVisits(office._id), calledVisits(office._id)]);
      res.json({ waiting: waiting.map(visitView), called: called.map(visitView) });
    });
    router.post('/api/walk-in/offices/:office/call-next', requireRole('agent'), json, async (req, res) => {
      const office = parse(officeId, req.params.office);
      res.json(await callNext(ctx, { office, ...parse(callNextBody, req.body), actor: actorOf(req) }));
    });
    router.post('/api/walk-in/visits/:id/recall', requireRole('agent'), async (req, res) => {
      res.json(await recall(ctx, { visitId: parse(visitId, req.params.id), actor: actorOf(req) }));
    });
    router.post('/api/walk-in/visits/:id/no-show', requireRole('agent'), async (req, res) => {
      res.json(await finishVisit(ctx, { visitId: parse(visitId, req.params.id), actor: actorOf(req), noShow: true }));
    });
    router.post('/api/walk-in/visits/:id/done', requireRole('agent'), async (req, res) => {
      res.json(await finishVisit(ctx, { visitId: parse(visitId, req.params.id), actor: actorOf(req), noShow: false }));
    });
    router.get('/api/walk-in/stats', requireRole('supervisor'), async (req, res) => {
      const q = parse(statsQuery, req.query);
      const rows = await walkInFigures(q.from, q.to);
      if (q.format === 'csv') {
        res
          .type('text/csv; charset=utf-8')
          .attachment(`walk-in-${q.from}.csv`)
          .send(toCsv(rows as unknown as Array<Record<string, unknown>>));
        return;
      }
      res.json({ from: q.from, to: q.to, longWaitSeconds: longWaitSecondsOf(ctx.rules), rows });
    });
  },
  start(ctx) {
    startDisplay(ctx);
  },
};

function nowServing(v: { office: string; number: string; desk?: string | null; service: string; calledAt?: Date | null }): NowServing {
  return {
    office: v.office,
    number: v.number,
    desk: v.desk ?? '',
    service: v.service,
    calledAt: new Date(v.calledAt ?? 0).toISOString(),
    recall: false,
  };
}

/** The display's namespace: a screen joins its office's room and hears each call there. */
function startDisplay(ctx: AppContext): void {
  const nsp = ctx.io.of(WALKIN_NAMESPACE);
  nsp.on('connection', (socket) => {
    socket.on('walkin:join', async (payload: unknown) => {
      const parsed = z.object({ office: officeId }).safeParse(payload);
      if (!parsed.success) return void socket.emit('walkin:error', { message: 'unknown office' });
      try {
        const office = await officeById(parsed.data.office);
        for (const r of socket.rooms) if (r.startsWith('office:')) await socket.leave(r);
        await socket.join(officeRoom(office._id));
        socket.emit('walkin:snapshot', {
          office: office._id,
          name: office.name,
          serving: (await calledVisits(office._id)).slice(0, 8).map(nowServing),
        });
      } catch {
        socket.emit('walkin:error', { message: 'unknown office' });
      }
    });
  });
  ctx.events.on('walkin.called', (e) => {
    nsp.to(officeRoom(e.office)).emit('walkin:called', e);
  });
}
