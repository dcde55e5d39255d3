// Menu 1, a meter reading on the keypad: the contract number, one value per register
// ("*" for the decimal point), the values read back, and a confirmation that records it.
import type { AppContext } from '../../../app/context';
import { recordReading, type RecordReadingResult } from '../../../core/readings/record-reading';
import { Contract, type Service } from '../../../models/contract';
import type { TwilioCaller } from '../../twilio/caller';
import { tVoice } from '../catalog';
import { menu, type MenuBranch } from './menu';
import type { Call, StepFn } from './step';
import { CHOICE, NUMBER, ask, say, spell, voiceResponse, type VoiceResponse } from './twiml';

/** Also the answer to "2 = repeat" on the confirmation. */
export const askContract: MenuBranch = (ctx, _ivr, r, { language }) =>
  ask(ctx, r, { language, keys: NUMBER, action: '/reading/contract', prompt: 'reading.contract', otherwise: '/menu' });

/** The value of register `register` of `registers` (1 or 2). */
function askValue(ctx: AppContext, r: VoiceResponse, language: string, meter: { registers: number; register: number }): VoiceResponse {
  const { registers, register } = meter;
  const prompt = register === 2 || registers === 2 ? 'reading.value_register' : 'reading.value';
  const action = `/reading/value?n=${registers}&r=${register}`;
  return ask(ctx, r, { language, keys: NUMBER, action, prompt, params: { register }, otherwise: '/menu' });
}

export const readingContract: StepFn = async (ctx, ivr, { call, language }) => {
  const r = voiceResponse();
  const contractNumber = (call.Digits ?? '').replace(/\D/g, '');
  const contract = contractNumber ? await Contract.findById(contractNumber, { meter: 1, service: 1 }).lean() : null;
  if (!contract) {
    say(r, language, 'reading.unknown_contract');
    return menu(ctx, r, language);
  }
  await ivr.calls.set(call.CallSid, { contract: contractNumber, values: '' });
  return askValue(ctx, r, language, { registers: contract.meter?.registers ?? 1, register: 1 });
};

export const readingValue: StepFn = async (ctx, ivr, { call, req, state, language }) => {
  const r = voiceResponse();
  const registers = req.query.n === '2' ? 2 : 1;
  const register = req.query.r === '2' ? 2 : 1;
  // "*" is the decimal separator on a keypad.
  const value = (call.Digits ?? '').replace('*', '.');
  if (!/^\d{1,12}(\.\d{1,3})?$/.test(value) || !state.contract) {
    say(r, language, 'menu.invalid');
    return menu(ctx, r, language);
  }
  const values = register === 1 ? value : `${state.values ?? ''} ${value}`.trim();
  await ivr.calls.set(call.CallSid, { values });
  if (register < registers) return askValue(ctx, r, language, { registers, register: 2 });
  const spoken = values
    .split(' ')
    .map((v) => (language === 'en' ? v : v.replace('.', ',')))
    .join(', ');
  const params = { values: spoken, contract: state.contract.split('').join(' ') };
  return ask(ctx, r, { language, keys: CHOICE, action: '/reading/confirm', prompt: 'reading.confirm', params, otherwise: '/menu' });
};

export const readingConfirm: StepFn = async (ctx, ivr, input) => {
  const { call, state, language } = input;
  const r = voiceResponse();
  if (call.Digits !== '1' || !state.contract || !state.values) return askContract(ctx, ivr, r, input);
  const contract = await Contract.findById(state.contract, { service: 1 }).lean();
  if (!contract) {
    say(r, language, 'reading.unknown_contract');
    return menu(ctx, r, language);
  }
  const result = await record(ctx, call, input.caller, { contract: state.contract, values: state.values, service: contract.service });
  sayReadingResult(r, language, result);
  await ivr.calls.unset(call.CallSid, 'contract', 'values');
  return menu(ctx, r, language);
};

/** The reading through the same use case as SMS and the web, keyed by the call so a retried webhook records it once. */
function record(
  ctx: AppContext,
  call: Call,
  caller: TwilioCaller,
  typed: { contract: string; values: string; service: Service },
): Promise<RecordReadingResult> {
  const { contract, values } = typed;
  return recordReading(
    { ...ctx, readingRules: { plausibilityFactor: ctx.config.READING_PLAUSIBILITY_FACTOR, timeZone: ctx.config.TIMEZONE } },
    {
      key: `voice:${call.CallSid}:${contract}:${values}`,
      channel: 'voice',
      externalId: `${call.CallSid}:reading:${contract}:${values.replace(' ', '-')}`,
      from: caller.address,
      text: `${contract} ${values}`,
      reading: { contractNumber: contract, service: typed.service, values: values.split(' ').map(Number) },
      receivedAt: ctx.clock.now(),
    },
  );
}

function sayReadingResult(r: VoiceResponse, language: string, result: RecordReadingResult): void {
  if (result.unknownContract) return say(r, language, 'reading.unknown_contract');
  if (result.status === 'rejected') {
    const reason = tVoice(language, `reading.reason.${result.reasons[0] ?? 'register_count'}`, { digits: result.digits });
    return say(r, language, 'reading.rejected', { reason });
  }
  if (result.status === 'held') return say(r, language, 'reading.held', { ticket: spell(result.ticketNumber) });
  say(r, language, result.forNextBill ? 'reading.accepted_next_bill' : 'reading.accepted');
}
