// Outage incidents (issue 13) as the REST answers and the `outage:changed` socket event carry
// them, shared by the server and the dashboard's incidents page. `D` is how a date travels: a
// Date on the server, an ISO string once it reached a page. Imports nothing.
import type { Language } from './index';

/**
 * suspected: raised by repeated reports from one area, not yet confirmed; active: declared (or
 * promoted) — announced, contacts linked; resolved: supply back, linked contacts closed;
 * dismissed: a suspicion a supervisor found to be no outage.
 */
export const OUTAGE_STATUSES = ['suspected', 'active', 'resolved', 'dismissed'] as const;
export type OutageStatus = (typeof OUTAGE_STATUSES)[number];

/** The moments a notice goes to every customer of the area (one key per customer × outage × stage). */
export const NOTICE_STAGES = ['declared', 'resolved'] as const;
export type NoticeStage = (typeof NOTICE_STAGES)[number];

export type Localised = Partial<Record<Language, string>>;

export interface NoticeFigures {
  /** Customers (or linked contacts) the stage is addressed to, once the fan-out has finished. */
  planned: number;
  sent: number;
  delivered: number;
  failed: number;
  /** No channel the customer consented to, or no address. */
  unreachable: number;
}

/** Per-outage figures, kept by `$inc` as things happen (never recomputed from tickets). */
export interface OutageFigures<D = Date> {
  /**
   * Contacts about the outage, by channel: linked SMS, e-mails and web requests; under voice the
   * calls that heard the announcement, once each (a report made in the same call is a link, not a second contact).
   */
  contacts: Partial<Record<string, number>>;
  /** Tickets linked (automatically or by an agent) and unlinked by an agent. */
  links: number;
  unlinks: number;
  /** Calls that heard the announcement, and those that then hung up without asking for an agent. */
  announced: number;
  deflected: number;
  /** Linked contacts closed with the final message when the outage was resolved. */
  closed: number;
  /** Outage reports that counted towards the suspicion (IVR, SMS, e-mail, web). */
  reports: number;
  notices: Record<NoticeStage, NoticeFigures>;
  firstReportAt?: D;
  declaredAt?: D;
  resolvedAt?: D;
  /** Seconds from the first report to the declaration, and to the resolution (null when unknown). */
  reportToDeclaredSeconds: number | null;
  reportToResolvedSeconds: number | null;
}

export interface OutageView<D = Date> {
  id: string;
  number: string;
  status: OutageStatus;
  /** Every change (declare, update, resolve, promote) moves it by one: updates name the version they change (409 when stale). */
  version: number;
  service: string;
  areaCodes: string[];
  supplyPoints: string[];
  cause: Localised;
  publicMessage: Localised;
  startedAt: D;
  expectedRestorationAt?: D;
  /** Notices go out between 22:00 and 07:00 too (a danger to people); otherwise they wait for 07:00. */
  urgent: boolean;
  notifyOnDeclare: boolean;
  /** Customers of the place with a vulnerability flag (issue 21): a count, no medical detail. */
  protectedCustomers: number;
  declaredBy?: string;
  resolvedBy?: string;
  figures: OutageFigures<D>;
}

/** `outage:changed` on the agents' namespace: every connected console and board hears it. */
export interface OutageChanged<D = Date> {
  change: 'suspected' | 'declared' | 'promoted' | 'updated' | 'resolved' | 'dismissed';
  outage: OutageView<D>;
  at: D;
}

/** `emergency:raised` to supervisors (and the emergency queue): a gas leak or another danger reported. */
export interface EmergencyRaised<D = Date> {
  ticketId: string;
  number: string;
  channel: string;
  /** The supply point's address when the reporter is a known customer; the dispatch task carries it. */
  address?: string;
  taskId: string;
  at: D;
}
