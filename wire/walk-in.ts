// Walk-in offices (sportelli / ЦОК): the shapes the check-in, display and desk pages share
// with the server. Imports only wire/.
import type { Category } from './index';

/** A service of an office; its letter starts the visitor's number (A017). */
export interface WalkInService {
  code: string;
  name: string;
  /** The ticket category a visit for this service opens. */
  category: Category;
  /** Minutes of a booked slot; absent: the service takes no bookings. */
  slotMinutes?: number;
}

export interface OfficeView {
  id: string;
  name: string;
  /** Opening hours, business-hours syntax ("mon-fri 08:30-16:30"). */
  hours: string;
  services: WalkInService[];
  open: boolean;
  /** Desks serving at once: how many visitors may book one slot of a service. */
  desks: number;
}

/** A bookable slot of an office's service (GET /api/walk-in/offices/:office/slots). */
export interface SlotView {
  start: string;
  end: string;
  /** Seats left: the office's desks minus the bookings. */
  free: number;
}

/** A booking made (POST /api/walk-in/offices/:office/bookings): the code the visitor brings to the check-in. */
export interface BookingView {
  code: string;
  office: string;
  officeName: string;
  service: string;
  serviceName: string;
  slotStart: string;
  slotEnd: string;
}

/** "Now serving A017 at desk 3": what the display shows, no personal data. */
export interface NowServing {
  office: string;
  number: string;
  desk: string;
  service: string;
  calledAt: string;
  recall: boolean;
}

export interface CheckInResult {
  number: string;
  ticketNumber: string;
  /** Visitors of the same service waiting before this one. */
  ahead: number;
  /** Checked in with a booking: the slot's start, when they will be called. */
  bookedFor?: string;
}

export interface VisitView {
  id: string;
  number: string;
  service: string;
  state: 'waiting' | 'called' | 'done' | 'no_show';
  desk?: string;
  arrivedAt: string;
  /** A booked visitor: their slot's start (they are called at it, before walk-ins who arrived later). */
  bookedFor?: string;
  calledAt?: string;
}

/** The display's namespace and events: `walkin:join` {office} in, `walkin:snapshot` and `walkin:called` out. */
export const WALKIN_NAMESPACE = '/walk-in';
