// Out of hours: 1 leaves a voicemail (a ticket with the recording), 2 asks for a callback
// (a ticket the agents call back); anything else ends the call.
import { emitCall } from './call-events';
import { openTicket } from './open-ticket';
import { formField, type StepFn } from './step';
import { hangUp, say, spell, stepUrl, voiceResponse } from './twiml';

export const afterHours: StepFn = async (ctx, ivr, { call, state, caller, language }) => {
  const r = voiceResponse();
  if (call.Digits) await ivr.calls.choice(call.CallSid);
  if (call.Digits === '1') {
    say(r, language, 'voicemail.prompt');
    r.record({ action: stepUrl(ctx, '/voicemail'), method: 'POST', maxLength: 120, playBeep: true, finishOnKey: '#', timeout: 5 });
    return r;
  }
  if (call.Digits === '2') {
    const opened = await openTicket(ctx, { call, state, caller, externalId: `${call.CallSid}:callback`, category: 'callback' });
    emitCall(ctx, { ...state, ticketId: opened.ticketId }, { callSid: call.CallSid, kind: 'callback_requested' });
    return hangUp(r, language, 'callback.done', { ticket: spell(opened.ticketNumber) });
  }
  return hangUp(r, language, 'goodbye');
};

/** Twilio posts the recording here; no recording (silence, hang-up) is only a goodbye. */
export const voicemail: StepFn = async (ctx, _ivr, { call, req, state, caller, language }) => {
  const r = voiceResponse();
  const url = formField(req, 'RecordingUrl');
  const recordingUrl = typeof url === 'string' && /^https?:\/\//.test(url) ? url.slice(0, 2000) : null;
  if (!recordingUrl) return hangUp(r, language, 'goodbye');
  const opened = await openTicket(ctx, {
    call,
    state,
    caller,
    externalId: `${call.CallSid}:voicemail`,
    category: 'voicemail',
    body: `IVR: voicemail (${Number(formField(req, 'RecordingDuration') ?? 0) || 0} s)`,
    attachments: [{ url: recordingUrl, contentType: 'audio/x-wav' }],
  });
  emitCall(ctx, { ...state, ticketId: opened.ticketId }, { callSid: call.CallSid, kind: 'voicemail' });
  return hangUp(r, language, 'voicemail.done');
};
