// The IVR, one webhook per step under /webhooks/twilio/voice (docs/architecture.md, "External contract"). Each step parses
// Twilio's form, does one thing, and answers TwiML; what the call remembers lives in Redis
// (call-state.ts). Prompts come from catalog.ts. This file is the map of the steps.
import type { RequestHandler, Router } from 'express';
import type { AppContext } from '../../../app/context';
import { afterHours, voicemail } from './after-hours';
import { dialResult, queueResult, toAgent, virtualHold, waitInQueue } from './agent';
import { balance } from './balance';
import { askBilling, billingAgent, billingBill, billingChoice, billingConfirm } from './billing';
import { emergencyBranch, emergencyKey, emergencyStep, emergencyWait } from './emergency';
import { askConsent, consentChannel, consentConfirm } from './consent';
import { chooseLanguage, enter } from './entry';
import { mainMenu, type MenuBranch } from './menu';
import { outageChoice, reportOutage } from './outage';
import { askContract, readingConfirm, readingContract, readingValue } from './reading';
import { step, type Ivr, type StepFn } from './step';
import { VOICE_BASE } from './twiml';

export { abandon, answered, callEnded } from './call-events';
export { createIvr, type Ivr } from './step';
export { VOICE_BASE } from './twiml';

/** The main menu's keys, in the order the prompt offers them. */
const MENU: Record<string, MenuBranch> = {
  '1': askContract,
  '2': balance,
  '3': reportOutage,
  '4': askBilling,
  '5': toAgent,
  '6': askConsent,
  [emergencyKey]: emergencyBranch,
};

const STEPS: Array<[path: string, fn: StepFn]> = [
  ['', enter],
  ['/language', chooseLanguage],
  ['/outage', outageChoice],
  ['/emergency', emergencyStep],
  ['/emergency/wait', emergencyWait],
  ['/menu', mainMenu(MENU)],
  ['/reading/contract', readingContract],
  ['/reading/value', readingValue],
  ['/reading/confirm', readingConfirm],
  ['/billing', billingChoice],
  ['/billing/bill', billingBill],
  ['/billing/confirm', billingConfirm],
  ['/billing/agent', billingAgent],
  ['/consent', consentChannel],
  ['/consent/confirm', consentConfirm],
  ['/after-hours', afterHours],
  ['/voicemail', voicemail],
  ['/wait', waitInQueue],
  ['/virtual-hold', virtualHold],
  ['/queue-result', queueResult],
  ['/dial-result', dialResult],
];

export function registerIvrSteps(router: Router, ctx: AppContext, ivr: Ivr, mw: RequestHandler[]): void {
  for (const [path, fn] of STEPS) router.post(`${VOICE_BASE}${path}`, ...mw, step(ctx, ivr, fn));
}
