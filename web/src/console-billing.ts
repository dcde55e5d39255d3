// The customer panel's decisions on bills and contracts (docs/rules.md, "Self-service
// decisions"): propose or grant an instalment plan or a deferral, the hardship path (a plan on
// eased terms waiting for a supervisor's approval), open a dispute with the ticket on screen,
// close it upheld or rejected (the outcome goes to the customer). Each button calls the REST
// API and shows the answer, or the rules' precise reason, in the card; text via textContent,
// in the console's language (console-i18n.ts). A formal notice sent by registered post gets
// the date of its return receipt recorded here (the ladder counts from it).
import type { T } from './console-i18n';

type Api = (method: string, path: string, body?: unknown) => Promise<any>;

export interface PanelContext {
  api: Api;
  /** The ticket on screen: a dispute opened from the panel is that ticket's case. */
  ticketId: string | null;
  /** Re-reads the panel after a change. */
  refresh: () => void;
  /** The console's translator. */
  t: T;
}

const HARDSHIP = ['short_time_work', 'mobility', 'unemployment', 'social_services'];

function button(label: string, action: string, run: () => Promise<void>): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.dataset.action = action;
  b.className = 'small';
  b.addEventListener('click', () => {
    b.disabled = true;
    void run().finally(() => {
      b.disabled = false;
    });
  });
  return b;
}

function resultLine(): HTMLDivElement {
  const d = document.createElement('div');
  d.className = 'decision muted';
  d.setAttribute('role', 'status');
  return d;
}

const day = (iso: string) => new Date(iso).toLocaleDateString();

function describe(r: any, t: T): string {
  if (r.plan) {
    const p = r.plan;
    const first = p.instalments[0];
    const what = t('bill.planTerms', {
      n: p.instalments.length,
      a: first.amount,
      d: day(first.dueAt),
      r: (p.interestRate * 100).toFixed(2),
      t: p.total,
    });
    return `${r.stored ? t(p.status === 'pending_approval' ? 'bill.planWaiting' : 'bill.planGranted') : t('bill.proposal')}: ${what}`;
  }
  return `${r.stored ? t('bill.deferralGranted') : t('bill.proposal')}: ${t('bill.deferralTerms', { d: day(r.newDueAt), was: day(r.originalDueAt) })}`;
}

/** A sent formal notice: its dates, and the return receipt's date to record while there is none. */
function noticeReceipt(bill: any, ctx: PanelContext, out: HTMLElement): HTMLElement | null {
  const notice = bill.formalNotice;
  if (!notice?.sentAt) return null;
  const { t } = ctx;
  const box = document.createElement('div');
  box.className = 'notice-receipt';
  const sent = document.createElement('div');
  sent.className = 'muted';
  sent.textContent = notice.receivedAt
    ? `${t('bill.noticeSent', { d: day(notice.sentAt) })} · ${t('bill.noticeReceived', { d: day(notice.receivedAt) })}`
    : t('bill.noticeSent', { d: day(notice.sentAt) });
  box.append(sent);
  if (notice.receivedAt) return box;
  const date = document.createElement('input');
  date.type = 'date';
  date.name = 'receivedOn';
  date.setAttribute('aria-label', t('bill.receiptDate'));
  box.append(
    date,
    button(t('bill.recordReceipt'), 'record-receipt', async () => {
      try {
        const r = await ctx.api('POST', `/api/bills/${encodeURIComponent(bill.billNumber)}/notice-receipt`, { receivedOn: date.value });
        out.textContent = t('bill.receiptRecorded', { d: day(r.receivedAt) });
        ctx.refresh();
      } catch (err) {
        out.textContent = t('bill.refused', { m: (err as Error).message });
      }
    }),
  );
  return box;
}

/** Buttons under a bill of the customer panel. */
export function billActions(bill: any, ctx: PanelContext): HTMLElement {
  const box = document.createElement('div');
  box.className = 'bill-actions';
  const out = resultLine();
  const { t } = ctx;
  const path = (what: string) => `/api/bills/${encodeURIComponent(bill.billNumber)}/${what}`;
  const call = (what: string, body: unknown, changes: boolean) => async () => {
    try {
      const r = await ctx.api('POST', path(what), body);
      out.textContent = what.startsWith('instalment-plan/approval')
        ? t(r.status === 'active' ? 'bill.planApproved' : 'bill.planRefused')
        : describe(r, t);
      if (changes) ctx.refresh();
    } catch (err) {
      out.textContent = t('bill.refused', { m: (err as Error).message });
    }
  };
  if (bill.status === 'open' && bill.outstanding > 0) {
    if (!bill.instalmentPlan) {
      box.append(
        button(t('bill.proposePlan'), 'propose-plan', call('instalment-plan', { dryRun: true }, false)),
        button(t('bill.grantPlan'), 'grant-plan', call('instalment-plan', {}, true)),
      );
      const hardship = document.createElement('select');
      hardship.setAttribute('aria-label', t('bill.hardshipCategory'));
      for (const h of HARDSHIP) hardship.append(new Option(t(`hardship.${h}`), h));
      box.append(
        hardship,
        button(t('bill.hardshipPlan'), 'hardship-plan', () => call('instalment-plan', { hardship: [hardship.value] }, true)()),
      );
    }
    if (!bill.deferral && !bill.instalmentPlan)
      box.append(
        button(t('bill.proposeDeferral'), 'propose-deferral', call('deferral', { dryRun: true }, false)),
        button(t('bill.grantDeferral'), 'grant-deferral', call('deferral', {}, true)),
      );
  }
  if (bill.instalmentPlan?.status === 'pending_approval')
    box.append(
      button(t('bill.approvePlan'), 'approve-plan', call('instalment-plan/approval', { approve: true }, true)),
      button(t('bill.refusePlan'), 'refuse-plan', call('instalment-plan/approval', { approve: false }, true)),
    );
  const receipt = noticeReceipt(bill, ctx, out);
  if (receipt) box.append(receipt);
  box.append(out);
  return box;
}

/** Buttons under a contract: open a dispute (with the ticket on screen), or close it upheld / rejected. */
export function contractActions(contract: any, ctx: PanelContext): HTMLElement {
  const box = document.createElement('div');
  box.className = 'contract-actions';
  const out = resultLine();
  const { t } = ctx;
  const path = `/api/contracts/${encodeURIComponent(contract.contractNumber)}/dispute`;
  const run = (what: string, body: unknown, done: (r: any) => string) => async () => {
    try {
      out.textContent = done(await ctx.api('POST', what, body));
      ctx.refresh();
    } catch (err) {
      out.textContent = t('bill.refused', { m: (err as Error).message });
    }
  };
  if (!contract.disputed) {
    if (ctx.ticketId)
      box.append(
        button(
          t('dispute.open'),
          'open-dispute',
          run(path, { ticketId: ctx.ticketId }, (r) => t('dispute.opened', { n: r.billsBlocked })),
        ),
      );
  } else {
    const closed = (r: any) =>
      [
        t('dispute.closed'),
        ...(r.billsCancelled ? [t('dispute.outOfCollection', { n: r.billsCancelled })] : []),
        ...(r.outcomeSent ? [t('dispute.told', { c: r.outcomeSent })] : []),
      ].join(' · ');
    box.append(
      button(t('dispute.upheld'), 'dispute-upheld', run(`${path}/close`, { upheld: true }, closed)),
      button(t('dispute.rejected'), 'dispute-rejected', run(`${path}/close`, { upheld: false }, closed)),
    );
  }
  box.append(out);
  return box;
}
