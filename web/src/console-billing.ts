// The customer panel's decisions on bills and contracts (docs/rules.md, "Self-service
// decisions"): propose or grant an instalment plan or a deferral, the hardship path (a plan on
// eased terms waiting for a supervisor's approval), open a dispute with the ticket on screen,
// close it upheld or rejected (the outcome goes to the customer). Each button calls the REST
// API and shows the answer, or the rules' precise reason, in the card; text via textContent.

type Api = (method: string, path: string, body?: unknown) => Promise<any>;

export interface PanelContext {
  api: Api;
  /** The ticket on screen: a dispute opened from the panel is that ticket's case. */
  ticketId: string | null;
  /** Re-reads the panel after a change. */
  refresh: () => void;
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

function describe(r: any): string {
  if (r.plan) {
    const p = r.plan;
    const first = p.instalments[0];
    const what = `${p.instalments.length} instalments, first ${first.amount} on ${day(first.dueAt)}, interest ${(p.interestRate * 100).toFixed(2)} %, total ${p.total}`;
    return `${r.stored ? (p.status === 'pending_approval' ? 'Plan waiting for approval' : 'Plan granted') : 'Proposal'}: ${what}`;
  }
  return `${r.stored ? 'Deferral granted' : 'Proposal'}: new due date ${day(r.newDueAt)} (was ${day(r.originalDueAt)})`;
}

/** Buttons under a bill of the customer panel. */
export function billActions(bill: any, ctx: PanelContext): HTMLElement {
  const box = document.createElement('div');
  box.className = 'bill-actions';
  const out = resultLine();
  const path = (what: string) => `/api/bills/${encodeURIComponent(bill.billNumber)}/${what}`;
  const call = (what: string, body: unknown, changes: boolean) => async () => {
    try {
      const r = await ctx.api('POST', path(what), body);
      out.textContent = what.startsWith('instalment-plan/approval')
        ? `Plan ${r.status === 'active' ? 'approved' : 'refused'}`
        : describe(r);
      if (changes) ctx.refresh();
    } catch (err) {
      out.textContent = `Refused: ${(err as Error).message}`;
    }
  };
  if (bill.status === 'open' && bill.outstanding > 0) {
    if (!bill.instalmentPlan) {
      box.append(
        button('Propose plan', 'propose-plan', call('instalment-plan', { dryRun: true }, false)),
        button('Grant plan', 'grant-plan', call('instalment-plan', {}, true)),
      );
      const hardship = document.createElement('select');
      hardship.setAttribute('aria-label', 'Hardship category');
      for (const h of HARDSHIP) hardship.append(new Option(h.replace(/_/g, ' '), h));
      box.append(
        hardship,
        button('Hardship plan (needs approval)', 'hardship-plan', () => call('instalment-plan', { hardship: [hardship.value] }, true)()),
      );
    }
    if (!bill.deferral && !bill.instalmentPlan)
      box.append(
        button('Propose deferral', 'propose-deferral', call('deferral', { dryRun: true }, false)),
        button('Grant deferral', 'grant-deferral', call('deferral', {}, true)),
      );
  }
  if (bill.instalmentPlan?.status === 'pending_approval')
    box.append(
      button('Approve hardship plan', 'approve-plan', call('instalment-plan/approval', { approve: true }, true)),
      button('Refuse hardship plan', 'refuse-plan', call('instalment-plan/approval', { approve: false }, true)),
    );
  box.append(out);
  return box;
}

/** Buttons under a contract: open a dispute (with the ticket on screen), or close it upheld / rejected. */
export function contractActions(contract: any, ctx: PanelContext): HTMLElement {
  const box = document.createElement('div');
  box.className = 'contract-actions';
  const out = resultLine();
  const path = `/api/contracts/${encodeURIComponent(contract.contractNumber)}/dispute`;
  const run = (what: string, body: unknown, done: (r: any) => string) => async () => {
    try {
      out.textContent = done(await ctx.api('POST', what, body));
      ctx.refresh();
    } catch (err) {
      out.textContent = `Refused: ${(err as Error).message}`;
    }
  };
  if (!contract.disputed) {
    if (ctx.ticketId)
      box.append(
        button(
          'Open dispute',
          'open-dispute',
          run(path, { ticketId: ctx.ticketId }, (r) => `Dispute open: ${r.billsBlocked} bills blocked`),
        ),
      );
  } else {
    const closed = (r: any) =>
      `Dispute closed${r.billsCancelled ? `: ${r.billsCancelled} bills out of collection` : ''}${r.outcomeSent ? `, customer told by ${r.outcomeSent}` : ''}`;
    box.append(
      button('Close: upheld', 'dispute-upheld', run(`${path}/close`, { upheld: true }, closed)),
      button('Close: rejected', 'dispute-rejected', run(`${path}/close`, { upheld: false }, closed)),
    );
  }
  box.append(out);
  return box;
}
