// Optional slot booking at a walk-in office: a customer books a slot of a service from the
// reception page (identity: a phone or an account number), gets a code, and checks in with it
// to be called at the slot's start (core/walk-in/call-order.ts). A slot takes at most as many
// bookings as the office has desks; a booking cancelled, or missed (not checked in before its
// slot ended), gives its seat back.
import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import { Booking, SlotDay } from '../../models/booking';
import { isDuplicateKey } from '../../models/store';
import type { BookingView, SlotView } from '../../wire/walk-in';
import type { CoreContext } from '../context';
import { DomainError, Invalid, NotFound } from '../errors';
import { toE164 } from '../phone';
import { slotsOfDay, type Slot } from './call-order';
import { officeById } from './offices';

type Ctx = Pick<CoreContext, 'clock' | 'config' | 'logger'>;

/** How far ahead a slot can be booked: two weeks, this product's default. */
export const BOOKING_DAYS_AHEAD = 14;
/** Booking codes: no 0/O, 1/I, read aloud at a desk without doubt. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 6;

export const SlotFull = () => new DomainError('SlotFull', 'this slot is fully booked: choose another', 409);
export const NotASlot = () => new DomainError('NotASlot', 'this is not a free slot of the office: choose one from the list', 409);
export const BookingMissed = () =>
  new DomainError('BookingMissed', 'the booked time has passed and the booking was released: take a number without it', 409);
export const NotYourBooking = () => new DomainError('NotYourBooking', 'no booking with this code and this phone or account', 404);

export interface BookCommand {
  office: string;
  service: string;
  slotStart: Date;
  phone?: string;
  accountNumber?: string;
  language?: string;
}

async function bookableService(officeId: string, code: string) {
  const office = await officeById(officeId);
  const service = office.services.find((s) => s.code === code);
  if (!service) throw Invalid(`office ${office._id} has no service ${code}`);
  if (!service.slotMinutes) throw Invalid(`service ${code} takes no bookings: walk in and take a number`);
  return { office, service, minutes: service.slotMinutes, desks: office.desks ?? 1 };
}

const slotDayId = (office: string, service: string, day: string) => `${office}:${service}:${day}`;

function bookableDay(day: string, now: Date, tz: string): boolean {
  const d = DateTime.fromISO(day, { zone: tz });
  const today = DateTime.fromJSDate(now, { zone: tz }).startOf('day');
  return d.isValid && d >= today && d <= today.plus({ days: BOOKING_DAYS_AHEAD });
}

/** The slots of a day still ahead, with the seats left. */
export async function listSlots(ctx: Ctx, q: { office: string; service: string; day: string }): Promise<SlotView[]> {
  const { office, service, minutes, desks } = await bookableService(q.office, q.service);
  const now = ctx.clock.now();
  if (!bookableDay(q.day, now, ctx.config.TIMEZONE)) return [];
  const taken = ((await SlotDay.findById(slotDayId(office._id, service.code, q.day)).lean()) as { taken?: Record<string, number> } | null)
    ?.taken;
  return slotsOfDay(office.hours, q.day, minutes, ctx.config.TIMEZONE)
    .filter((s) => s.start > now)
    .map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString(), free: Math.max(0, desks - (taken?.[String(s.index)] ?? 0)) }));
}

/** Takes a seat of the slot: one conditional `$inc`, only while below the desks. */
async function takeSeat(id: string, init: Record<string, unknown>, slot: Slot, desks: number): Promise<boolean> {
  await SlotDay.updateOne({ _id: id }, { $setOnInsert: { ...init, taken: {} } }, { upsert: true });
  const key = `taken.${slot.index}`;
  const r = await SlotDay.updateOne({ _id: id, [key]: { $not: { $gte: desks } } }, { $inc: { [key]: 1 } });
  return r.modifiedCount === 1;
}

async function releaseSeat(b: { office: string; service: string; day: string; slot: number }): Promise<void> {
  const key = `taken.${b.slot}`;
  await SlotDay.updateOne({ _id: slotDayId(b.office, b.service, b.day), [key]: { $gt: 0 } }, { $inc: { [key]: -1 } });
}

/** The bookings made with the customer's account number or one of their phones (export, erasure). */
export async function bookingsOf(who: { accountNumber: string; phones: readonly string[] }) {
  const [byAccount, byPhone] = await Promise.all([
    Booking.find({ accountNumber: who.accountNumber }).lean(),
    who.phones.length ? Booking.find({ phone: { $in: [...who.phones] } }).lean() : [],
  ]);
  return [...new Map([...byAccount, ...byPhone].map((b) => [b._id, b])).values()];
}

/** Erasure: the customer's bookings are removed and their seats are free again. */
export async function dropBookingsOf(who: { accountNumber: string; phones: readonly string[] }): Promise<void> {
  for (const b of await bookingsOf(who)) if (await Booking.findOneAndDelete({ _id: b._id }).lean()) await releaseSeat(b);
}

/** Housekeeping: bookings whose slot ended more than a day before `asOf` (nobody came, nobody cancelled). */
export async function dropPastBookings(asOf: Date): Promise<number> {
  return (await Booking.deleteMany({ slotEnd: { $lt: new Date(asOf.getTime() - 86_400_000) } })).deletedCount;
}

const newCode = () => Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

export async function book(ctx: Ctx, cmd: BookCommand): Promise<BookingView> {
  const { office, service, minutes, desks } = await bookableService(cmd.office, cmd.service);
  const phone = cmd.phone ? toE164(cmd.phone, ctx.config.DEFAULT_COUNTRY) : null;
  if (cmd.phone && !phone) throw Invalid('the phone number is not valid');
  if (!phone && !cmd.accountNumber) throw Invalid('a phone number or an account number is required');
  const now = ctx.clock.now();
  const tz = ctx.config.TIMEZONE;
  const day = DateTime.fromJSDate(cmd.slotStart, { zone: tz }).toISODate()!;
  const slot = slotsOfDay(office.hours, day, minutes, tz).find((s) => s.start.getTime() === cmd.slotStart.getTime());
  if (!slot || slot.start <= now || !bookableDay(day, now, tz)) throw NotASlot();
  const seats = slotDayId(office._id, service.code, day);
  if (!(await takeSeat(seats, { office: office._id, service: service.code, day }, slot, desks))) throw SlotFull();
  for (let attempt = 0; ; attempt++) {
    const code = newCode();
    try {
      await Booking.create({
        _id: code,
        office: office._id,
        service: service.code,
        slotStart: slot.start,
        slotEnd: slot.end,
        day,
        slot: slot.index,
        phone: phone ?? undefined,
        accountNumber: cmd.accountNumber,
        language: cmd.language,
        createdAt: now,
      });
      ctx.logger.info({ office: office._id, service: service.code, slotStart: slot.start }, 'walk-in slot booked');
      return {
        code,
        office: office._id,
        officeName: office.name,
        service: service.code,
        serviceName: service.name,
        slotStart: slot.start.toISOString(),
        slotEnd: slot.end.toISOString(),
      };
    } catch (err) {
      if (isDuplicateKey(err) && attempt < 5) continue;
      await releaseSeat({ office: office._id, service: service.code, day, slot: slot.index }); // the seat taken above
      throw err;
    }
  }
}

/** Cancelled by the customer who booked (the code and the same phone or account): the seat is free again. */
export async function cancelBooking(ctx: Ctx, cmd: { code: string; phone?: string; accountNumber?: string }): Promise<void> {
  const phone = cmd.phone ? toE164(cmd.phone, ctx.config.DEFAULT_COUNTRY) : null;
  const b = await Booking.findById(cmd.code.toUpperCase()).lean();
  const mine = b && ((phone && b.phone === phone) || (cmd.accountNumber && b.accountNumber === cmd.accountNumber));
  if (!b || !mine) throw NotYourBooking();
  // One winner: a concurrent cancel or check-in of the same booking finds it gone.
  if (!(await Booking.findOneAndDelete({ _id: b._id }).lean())) throw NotYourBooking();
  await releaseSeat(b);
  ctx.logger.info({ office: b.office, service: b.service }, 'walk-in booking cancelled');
}

/**
 * The booking a visitor checks in with, taken (removed) once: its service and slot for the
 * visit. After its slot has ended it is missed: released, and the visitor walks in like anyone.
 */
export async function takeBooking(ctx: Ctx, code: string, office: string) {
  const b = await Booking.findById(code.toUpperCase()).lean();
  if (!b || b.office !== office) throw NotFound('booking');
  if (!(await Booking.findOneAndDelete({ _id: b._id }).lean())) throw NotFound('booking');
  if (new Date(b.slotEnd) <= ctx.clock.now()) {
    await releaseSeat(b);
    throw BookingMissed();
  }
  return b;
}
