// The customer panel beside a ticket: account, contracts with recent readings, bills with
// their dunning stage and instalment plan, earlier tickets, notifications sent.
import { z } from 'zod';
import { NotFound } from '../../core/errors';
import { Bill } from '../../models/bill';
import { Contract } from '../../models/contract';
import { Reading } from '../../models/reading';
import { customerByAccount } from '../../models/repos/customers';
import { recentTicketsOfAccount } from '../../models/repos/tickets';
import { Reminder } from '../../models/reminder';
import { requireRole } from '../../app/require-role';
import type { Feature } from '../../app/feature';
import { parse } from '../../app/validate';
import { flagsView } from '../../core/protection/flags';

const accountSchema = z.string().trim().min(1).max(64);
const READINGS_PER_CONTRACT = 5;

function noticeOf(
  reminders: Array<{ billNumber: string; stage: string; status?: string | null; sentAt?: Date | null; receivedAt?: Date | null }>,
  billNumber: string,
) {
  const n = reminders.find((r) => r.billNumber === billNumber && r.stage === 'formal_notice' && r.status === 'sent');
  return n ? { sentAt: n.sentAt ?? null, receivedAt: n.receivedAt ?? null } : null;
}

export const customersFeature: Feature = {
  name: 'customers',
  routes(router) {
    router.get('/api/customers/:accountNumber', requireRole('agent'), async (req, res) => {
      const accountNumber = parse(accountSchema, req.params.accountNumber);
      // Every read at once, each an indexed look-up by account (wasted only on a 404).
      const [customer, contracts, bills, tickets, reminders] = await Promise.all([
        customerByAccount(accountNumber),
        Contract.find({ accountNumber }).lean(),
        Bill.find({ accountNumber }).sort({ dueAt: -1 }).limit(24).lean(),
        recentTicketsOfAccount(accountNumber, 20),
        Reminder.find({ accountNumber }).sort({ decidedAt: -1 }).limit(20).lean(),
      ]);
      if (!customer) throw NotFound('customer');
      const withReadings = await Promise.all(
        contracts.map(async (c) => ({
          contractNumber: c.contractNumber,
          service: c.service,
          supplyPointCode: c.supplyPointCode,
          address: c.address,
          areaCode: c.areaCode,
          status: c.status,
          meter: c.meter,
          lastReading: c.lastReading,
          lastReadingAt: c.lastReadingAt,
          readingWindow: c.readingWindow,
          disputed: !!c.disputeTicketId,
          readings: (
            await Reading.find({ contractNumber: c.contractNumber }).sort({ receivedAt: -1 }).limit(READINGS_PER_CONTRACT).lean()
          ).map((r) => ({
            values: r.values,
            status: r.status,
            reasons: r.reasons,
            channel: r.channel,
            receivedAt: r.receivedAt,
            forNextBill: r.forNextBill,
          })),
        })),
      );
      res.json({
        customer: {
          accountNumber: customer._id,
          name: customer.name,
          phones: customer.phones,
          emails: customer.emails,
          language: customer.language,
          segment: customer.segment,
          preferredChannel: customer.preferredChannel,
          consents: customer.consents,
          hardship: customer.hardship,
          // The vulnerability register; medical detail only for the roles with the right (core/protection/flags.ts).
          vulnerabilities: flagsView(customer.vulnerabilities, req.session.role),
        },
        contracts: withReadings,
        bills: bills.map((b) => ({
          billNumber: b.billNumber,
          contractNumber: b.contractNumber,
          amount: b.amount,
          paidAmount: b.paidAmount,
          outstanding: Math.round(((b.amount ?? 0) - (b.paidAmount ?? 0)) * 100) / 100,
          currency: b.currency,
          issuedAt: b.issuedAt,
          dueAt: b.dueAt,
          status: b.status,
          dunningStage: b.dunning?.stage ?? 'none',
          dunningPaused: b.dunning?.pausedReason ?? null,
          instalmentPlan: b.instalmentPlan?.status ? b.instalmentPlan : null,
          deferral: b.deferral?.newDueAt ? b.deferral : null,
          disputed: b.disputed,
          heldByDispute: b.heldByDispute ?? null,
          // A sent formal notice and the day its registered letter was received, when recorded.
          formalNotice: noticeOf(reminders, b.billNumber),
        })),
        tickets: tickets.map((t) => ({
          ticketId: String(t._id),
          number: t.number,
          channel: t.channel,
          category: t.category,
          status: t.status,
          subject: t.subject,
          createdAt: (t as { createdAt?: Date }).createdAt,
          resolvedAt: t.resolvedAt,
          outcome: t.outcome,
        })),
        notifications: reminders.map((r) => ({
          billNumber: r.billNumber,
          stage: r.stage,
          status: r.status,
          channel: r.channel,
          sentAt: r.sentAt,
          amount: r.amount,
          reason: r.reason,
        })),
      });
    });
  },
};
