// An outage as the API, the sockets and the CSV show it, with its figures: what the `$inc`s
// counted, and the times from the first report to the declaration and to the resolution.
// Pure: a stored row in, the wire shape out.
import { NOTICE_STAGES, type NoticeFigures, type OutageFigures, type OutageStatus, type OutageView } from '../../wire/outages';
import type { OutageRow } from '../../models/outage';

const seconds = (from?: Date | null, to?: Date | null): number | null =>
  from && to ? Math.max(0, Math.round((new Date(to).getTime() - new Date(from).getTime()) / 1000)) : null;

function noticeFigures(n: Partial<NoticeFigures> | null | undefined): NoticeFigures {
  return {
    planned: n?.planned ?? 0,
    sent: n?.sent ?? 0,
    delivered: n?.delivered ?? 0,
    failed: n?.failed ?? 0,
    unreachable: n?.unreachable ?? 0,
  };
}

export function figuresOf(o: OutageRow): OutageFigures {
  const f = (o.figures ?? {}) as Partial<Record<keyof OutageFigures, unknown>> & { notices?: Record<string, Partial<NoticeFigures>> };
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  return {
    contacts: { ...((f.contacts as Record<string, number> | undefined) ?? {}) },
    links: num(f.links),
    unlinks: num(f.unlinks),
    announced: num(f.announced),
    deflected: num(f.deflected),
    closed: num(f.closed),
    reports: num(f.reports),
    notices: Object.fromEntries(NOTICE_STAGES.map((s) => [s, noticeFigures(f.notices?.[s])])) as OutageFigures['notices'],
    firstReportAt: o.firstReportAt ?? undefined,
    declaredAt: o.declaredAt ?? undefined,
    resolvedAt: o.resolvedAt ?? undefined,
    reportToDeclaredSeconds: seconds(o.firstReportAt, o.declaredAt),
    reportToResolvedSeconds: seconds(o.firstReportAt, o.resolvedAt),
  };
}

export function outageView(o: OutageRow): OutageView {
  const localised = (l: { it?: string | null; ru?: string | null; en?: string | null } | null | undefined) =>
    Object.fromEntries(Object.entries(l ?? {}).filter(([k, v]) => ['it', 'ru', 'en'].includes(k) && typeof v === 'string' && v));
  return {
    id: String(o._id),
    number: o.number ?? '',
    status: (o.status ?? 'active') as OutageStatus,
    version: o.version ?? 1,
    service: o.service,
    areaCodes: o.areaCodes?.length ? [...o.areaCodes] : o.areaCode ? [o.areaCode] : [],
    supplyPoints: [...(o.supplyPoints ?? [])],
    cause: localised(o.cause),
    publicMessage: localised(o.publicMessage),
    startedAt: o.startedAt,
    expectedRestorationAt: o.expectedRestorationAt ?? undefined,
    urgent: !!o.urgent,
    notifyOnDeclare: !!o.notifyOnDeclare,
    protectedCustomers: o.protectedCustomers ?? 0,
    declaredBy: o.declaredBy ?? undefined,
    resolvedBy: o.resolvedBy ?? undefined,
    figures: figuresOf(o),
  };
}

/** One outage's figures as a row of the dashboard's CSV (core/stats/csv.ts writes it). */
export function figureRecord(v: OutageView): Record<string, unknown> {
  const f = v.figures;
  const row: Record<string, unknown> = {
    number: v.number,
    status: v.status,
    service: v.service,
    areas: v.areaCodes.join(' '),
    supplyPoints: v.supplyPoints.length,
    protectedCustomers: v.protectedCustomers,
    startedAt: v.startedAt,
    firstReportAt: f.firstReportAt,
    declaredAt: f.declaredAt,
    resolvedAt: f.resolvedAt,
    reportToDeclaredSeconds: f.reportToDeclaredSeconds,
    reportToResolvedSeconds: f.reportToResolvedSeconds,
    links: f.links,
    unlinks: f.unlinks,
    contactsVoice: f.contacts.voice ?? 0,
    contactsSms: f.contacts.sms ?? 0,
    contactsEmail: f.contacts.email ?? 0,
    contactsWeb: f.contacts.web ?? 0,
    announced: f.announced,
    deflected: f.deflected,
    closed: f.closed,
    reports: f.reports,
  };
  for (const stage of NOTICE_STAGES)
    for (const [k, n] of Object.entries(f.notices[stage])) row[`${stage}${k[0]!.toUpperCase()}${k.slice(1)}`] = n;
  return row;
}
