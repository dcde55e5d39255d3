// Menu 6: the identified caller turns reminders and service messages on or off per channel
// (SMS, e-mail, automated call) — the customer's `consents.sms/email/voice`, which every
// reminder honours — hears the state, confirms with a key, and hears the result. The change
// goes through setConsents, audited as `customer:ivr`. Legal notices still go by the other
// channels and by post (docs/rules.md, "Consent"). A caller not identified by their number
// changes nothing. The channel rides in the step's URL, which Twilio signs.
import { setConsents } from '../../../core/privacy/set-consents';
import { customerByAccount } from '../../../models/repos/customers';
import { tVoice } from '../catalog';
import { menu, type MenuBranch } from './menu';
import type { StepFn } from './step';
import { CHOICE, ask, say, voiceResponse } from './twiml';

const CHANNELS = { '1': 'sms', '2': 'email', '3': 'voice' } as const;
type ConsentChannel = (typeof CHANNELS)[keyof typeof CHANNELS];
const isChannel = (v: unknown): v is ConsentChannel => v === 'sms' || v === 'email' || v === 'voice';

export const askConsent: MenuBranch = (ctx, _ivr, r, { state, language }) => {
  if (!state.accountNumber) {
    say(r, language, 'consent.unknown_caller');
    return menu(ctx, r, language);
  }
  return ask(ctx, r, { language, keys: CHOICE, action: '/consent', prompt: 'consent.choose', otherwise: '/menu' });
};

/** The channel chosen: its current state, and the key that flips it. */
export const consentChannel: StepFn = async (ctx, ivr, { call, state, language }) => {
  const r = voiceResponse();
  const channel = Object.hasOwn(CHANNELS, call.Digits ?? '') ? CHANNELS[call.Digits as keyof typeof CHANNELS] : null;
  if (!channel || !state.accountNumber) {
    if (call.Digits !== '0') say(r, language, 'menu.invalid');
    return menu(ctx, r, language);
  }
  await ivr.calls.choice(call.CallSid);
  const customer = await customerByAccount(state.accountNumber, { consents: 1 });
  const on = customer?.consents?.[channel] !== false;
  return ask(ctx, r, {
    language,
    keys: CHOICE,
    action: `/consent/confirm?channel=${channel}&to=${on ? 'off' : 'on'}`,
    prompt: on ? 'consent.is_on' : 'consent.is_off',
    params: { channel: channelName(language, channel) },
    otherwise: '/menu',
  });
};

/** 1 changes it as offered (idempotent: the value is set, not flipped), anything else keeps it. */
export const consentConfirm: StepFn = async (ctx, _ivr, { call, req, state, language }) => {
  const r = voiceResponse();
  const channel = req.query.channel;
  const to = req.query.to;
  if (!state.accountNumber || !isChannel(channel) || (to !== 'on' && to !== 'off') || call.Digits !== '1') {
    say(r, language, 'consent.unchanged');
    return menu(ctx, r, language);
  }
  await setConsents({
    accountNumber: state.accountNumber,
    change: { [channel]: to === 'on' },
    actor: 'customer:ivr',
    now: ctx.clock.now(),
  });
  ctx.logger.info({ callSid: call.CallSid, channel, to }, 'ivr consent change');
  say(r, language, to === 'on' ? 'consent.now_on' : 'consent.now_off', { channel: channelName(language, channel) });
  return menu(ctx, r, language);
};

function channelName(language: string, channel: ConsentChannel): string {
  return tVoice(language, `consent.channel.${channel}`);
}
