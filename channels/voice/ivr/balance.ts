// Menu 2: what the identified caller owes, and when the next bill is due (or that one is
// overdue). Callers not identified by their number are sent back to the menu.
import { DateTime } from 'luxon';
import { Bill } from '../../../models/bill';
import { menu, type MenuBranch } from './menu';
import { say } from './twiml';

export const balance: MenuBranch = async (ctx, _ivr, r, { state, language }) => {
  if (!state.accountNumber) {
    say(r, language, 'balance.unknown_caller');
    return menu(ctx, r, language);
  }
  const now = ctx.clock.now();
  const bills = await Bill.find({ accountNumber: state.accountNumber, status: 'open' }, { amount: 1, paidAmount: 1, dueAt: 1 }).lean();
  const open = bills.map((b) => ({ due: Math.max(0, b.amount - (b.paidAmount ?? 0)), dueAt: b.dueAt })).filter((b) => b.due > 0.005);
  const total = open.reduce((s, b) => s + b.due, 0);
  if (open.length === 0) {
    say(r, language, 'balance.none');
    return menu(ctx, r, language);
  }
  const amount = language === 'en' ? total.toFixed(2) : total.toFixed(2).replace('.', ',');
  const upcoming = open.filter((b) => b.dueAt >= now).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
  if (open.some((b) => b.dueAt < now) || !upcoming) {
    say(r, language, 'balance.overdue', { amount });
  } else {
    const date = DateTime.fromJSDate(upcoming.dueAt, { zone: ctx.config.TIMEZONE }).setLocale(language).toFormat('d MMMM');
    say(r, language, 'balance.due', { amount, date });
  }
  return menu(ctx, r, language);
};
