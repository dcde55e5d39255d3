// A visitor checks in at an office (a kiosk or a receptionist): a service, optionally their
// account or phone; they get a number like A017 (the service's letter and the day's
// sequence) and a ticket of channel walk_in that waits, live, from this instant.
import { DateTime } from 'luxon';
import { reserveSequence } from '../../models/counter';
import { Ticket } from '../../models/ticket';
import { Visit } from '../../models/visit';
import type { CheckInResult } from '../../wire/walk-in';
import { isOpen, parseBusinessHours } from '../business-hours';
import { DomainError, Invalid } from '../errors';
import { ingest, type IngestContext } from '../ingest/ingest';
import { toE164 } from '../phone';
import { Booking } from '../../models/booking';
import { takeBooking } from './bookings';
import { officeById } from './offices';

export const OfficeClosed = () => new DomainError('OfficeClosed', 'the office is closed now', 409);

export interface CheckInCommand {
  office: string;
  /** The service; with a booking code, the booking's (a different one is refused). */
  service?: string;
  /** A slot booked from the reception page (core/walk-in/bookings.ts): called at the slot's start. */
  bookingCode?: string;
  accountNumber?: string;
  phone?: string;
  language?: 'it' | 'en' | 'ru';
}

export async function checkIn(ctx: IngestContext, cmd: CheckInCommand): Promise<CheckInResult> {
  const now = ctx.clock.now();
  const office = await officeById(cmd.office);
  if (!isOpen(parseBusinessHours(office.hours), now, ctx.config.TIMEZONE)) throw OfficeClosed();
  if (!cmd.service && !cmd.bookingCode) throw Invalid('choose a service');
  const phoneIn = cmd.phone ? toE164(cmd.phone, ctx.config.DEFAULT_COUNTRY) : null;
  if (cmd.phone && !phoneIn) throw Invalid('the phone number is not valid');
  // The booking is taken last, after every check that could refuse the visitor.
  const booked = cmd.bookingCode ? await bookingFor(ctx, cmd.bookingCode, office._id, cmd.service) : null;
  const service = office.services.find((s) => s.code === (booked?.service ?? cmd.service));
  if (!service) throw Invalid(`office ${office._id} has no service ${cmd.service}`);
  const phone = phoneIn ?? booked?.phone ?? null;
  const accountNumber = cmd.accountNumber ?? booked?.accountNumber ?? undefined;
  const day = DateTime.fromJSDate(now, { zone: ctx.config.TIMEZONE }).toISODate();
  const seq = await reserveSequence(`walkin:${office._id}:${service.code}:${day}`, 1);
  const number = `${service.code}${String(seq).padStart(3, '0')}`;
  const r = await ingest(ctx, {
    channel: 'walk_in',
    externalId: `${office._id}:${day}:${number}`,
    from: phone ?? `walk-in:${office._id}`,
    body: `${office.name}: ${service.name} (${number})`,
    subject: `${service.name} — ${number}`,
    category: service.category as never,
    language: cmd.language,
    identity: { accountNumber, phone: phone ?? undefined },
    receivedAt: now,
    newThread: true,
    public: false,
    live: true,
  });
  if (!r.ticketId || !r.ticketNumber) throw new Error('walk-in ticket not opened');
  const ticket = (await Ticket.findById(r.ticketId, { queue: 1, language: 1 }).lean()) as { queue?: string; language?: string } | null;
  const queue = ticket?.queue ?? 'walk_in';
  const language = ticket?.language ?? r.language;
  await Visit.create({
    _id: r.ticketId,
    office: office._id,
    service: service.code,
    number,
    ticketNumber: r.ticketNumber,
    arrivedAt: now,
    queue,
    language,
  });
  ctx.events.emit('walkin.visit', {
    kind: 'arrived',
    visitId: r.ticketId,
    office: office._id,
    service: service.code,
    queue,
    language,
    at: now,
  });
  const ahead = await Visit.countDocuments({ office: office._id, service: service.code, state: 'waiting', arrivedAt: { $lt: now } });
  ctx.logger.info({ office: office._id, number, ticketId: r.ticketId }, 'walk-in check-in');
  return { number, ticketNumber: r.ticketNumber, ahead, ...(booked ? { bookedFor: new Date(booked.slotStart).toISOString() } : {}) };
}

async function bookingFor(ctx: IngestContext, code: string, office: string, service: string | undefined) {
  const b = await Booking.findById(code.toUpperCase(), { service: 1 }).lean();
  if (b && service && b.service !== service) throw Invalid(`this booking is for service ${b.service}`);
  return takeBooking(ctx, code, office);
}
