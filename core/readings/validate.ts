// The rules a self-reading must pass (docs/rules.md, "SMS self-reading"), the same for SMS,
// the IVR keypad and the web form. Pure: the contract, the reading, the rules and the
// clock come in; a verdict with its reasons comes out.
import { DateTime } from 'luxon';
import type { Service } from '../../models/contract';

export interface ContractFacts {
  contractNumber: string;
  accountNumber: string;
  service: Service;
  status?: 'active' | 'closed' | string | null;
  meter?: { digits?: number | null; registers?: number | null } | null;
  lastReading?: number[] | null;
  lastReadingAt?: Date | null;
  avgDailyUse?: number | null;
  readingWindow?: { startDay?: number | null; endDay?: number | null } | null;
}

export interface ReadingInput {
  service: Service;
  values: number[];
  /** The sender is a contact of the contract's customer (phone on file, logged-in caller). */
  senderIsCustomer: boolean;
}

export interface ReadingRules {
  /** Consumption above factor × average daily use × days since the last reading is held. */
  plausibilityFactor: number;
  /** Days counted at least, so a second reading on the same day is not judged on zero days. */
  minDays?: number;
  timeZone: string;
}

export type RejectReason = 'contract_closed' | 'wrong_service' | 'register_count' | 'too_many_digits';
export type HoldReason = 'lower_than_last' | 'implausible_consumption';
export type NoteReason = 'rollover' | 'unknown_sender' | 'outside_window';

export interface ReadingVerdict {
  status: 'accepted' | 'held' | 'rejected';
  reasons: Array<RejectReason | HoldReason | NoteReason>;
  /** Outside the bill's reading window: counted for the next bill. */
  forNextBill: boolean;
  /** A person should look at it (held, or accepted from a number not on the contract). */
  needsReview: boolean;
  /** Per register, since the last accepted reading (roll-over included); absent without one. */
  consumption?: number[];
  /** Facts for the reply: the meter's digits and registers. */
  digits: number;
  registers: number;
}

/** Whether `now` falls in the window of days [startDay, endDay] (which may wrap the month end). */
export function inReadingWindow(window: ContractFacts['readingWindow'], now: Date, timeZone: string): boolean {
  const start = window?.startDay;
  const end = window?.endDay;
  if (!start || !end) return true;
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const day = local.day;
  // A window ending on the 31st ends on the month's last day in shorter months.
  const last = Math.min(end, local.daysInMonth ?? 31);
  return start <= end ? day >= start && day <= last : day >= start || day <= last;
}

export function validateReading(contract: ContractFacts, reading: ReadingInput, rules: ReadingRules, now: Date): ReadingVerdict {
  const digits = contract.meter?.digits ?? 5;
  const registers = contract.meter?.registers ?? 1;
  const base = { digits, registers, forNextBill: false, needsReview: false };
  const reject = (reason: RejectReason): ReadingVerdict => ({ ...base, status: 'rejected', reasons: [reason] });

  if (contract.status === 'closed') return reject('contract_closed');
  if (contract.service !== reading.service) return reject('wrong_service');
  if (reading.values.length !== registers) return reject('register_count');
  const max = 10 ** digits;
  if (reading.values.some((v) => !Number.isFinite(v) || v < 0 || Math.floor(v) >= max)) return reject('too_many_digits');

  const reasons: ReadingVerdict['reasons'] = [];
  let held = false;
  let consumption: number[] | undefined;
  const last = contract.lastReading ?? [];
  if (last.length === registers) {
    const days = contract.lastReadingAt
      ? Math.max((now.getTime() - contract.lastReadingAt.getTime()) / 86_400_000, rules.minDays ?? 1)
      : null;
    // Per register, the plausible share of the allowance (two registers split the day).
    const allowance =
      days !== null && (contract.avgDailyUse ?? 0) > 0 ? rules.plausibilityFactor * (contract.avgDailyUse ?? 0) * days : null;
    consumption = [];
    for (let i = 0; i < registers; i++) {
      const prev = last[i] ?? 0;
      const value = reading.values[i] ?? 0;
      let used = value - prev;
      if (used < 0) {
        // A meter that passed its maximum starts again from zero: plausible only when the
        // wrapped consumption is (an allowance exists and it fits, or the old value was near the top).
        const wrapped = max - prev + value;
        const plausibleWrap = allowance !== null ? wrapped <= allowance : prev >= max * 0.9 && value < max * 0.1;
        if (plausibleWrap) {
          used = wrapped;
          if (!reasons.includes('rollover')) reasons.push('rollover');
        } else {
          held = true;
          if (!reasons.includes('lower_than_last')) reasons.push('lower_than_last');
        }
      }
      consumption.push(used);
    }
    const total = consumption.reduce((a, b) => a + Math.max(b, 0), 0);
    if (!reasons.includes('lower_than_last') && allowance !== null && total > allowance) {
      held = true;
      reasons.push('implausible_consumption');
    }
  }
  if (!reading.senderIsCustomer) reasons.push('unknown_sender');
  const forNextBill = !inReadingWindow(contract.readingWindow, now, rules.timeZone);
  if (forNextBill) reasons.push('outside_window');
  return {
    ...base,
    status: held ? 'held' : 'accepted',
    reasons,
    forNextBill,
    needsReview: held || !reading.senderIsCustomer,
    consumption,
  };
}
