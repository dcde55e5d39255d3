// Walk-in offices (sportelli / ЦОК): the shapes the check-in, display and desk pages share
// with the server. Imports only wire/.
import type { Category } from './index';

/** A service of an office; its letter starts the visitor's number (A017). */
export interface WalkInService {
  code: string;
  name: string;
  /** The ticket category a visit for this service opens. */
  category: Category;
}

export interface OfficeView {
  id: string;
  name: string;
  /** Opening hours, business-hours syntax ("mon-fri 08:30-16:30"). */
  hours: string;
  services: WalkInService[];
  open: boolean;
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
}

export interface VisitView {
  id: string;
  number: string;
  service: string;
  state: 'waiting' | 'called' | 'done' | 'no_show';
  desk?: string;
  arrivedAt: string;
  calledAt?: string;
}

/** The display's namespace and events: `walkin:join` {office} in, `walkin:snapshot` and `walkin:called` out. */
export const WALKIN_NAMESPACE = '/walk-in';
