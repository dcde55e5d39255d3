// Something the caller asked for in the IVR becomes a ticket through the one inbound door
// (ingest), idempotent on the externalId derived from the CallSid.
import type { AppContext } from '../../../app/context';
import { ingest } from '../../../core/ingest/ingest';
import type { TwilioCaller } from '../../twilio/caller';
import type { CallState } from '../call-state';
import { languageOf, type Call } from './step';

export interface OpenCallTicket {
  call: Call;
  state: CallState;
  caller: TwilioCaller;
  externalId: string;
  category: 'outage' | 'instalment' | 'deferral' | 'callback' | 'voicemail' | 'information_request' | 'emergency';
  body?: string;
  attachments?: Array<{ url: string; contentType?: string }>;
  /** The caller waits on the line for an agent (menu 5); every other IVR ticket is deferred work. */
  live?: boolean;
}

export async function openTicket(ctx: AppContext, cmd: OpenCallTicket) {
  const { call, state, caller, category } = cmd;
  return ingest(ctx, {
    channel: 'voice',
    externalId: cmd.externalId,
    from: caller.address,
    to: call.To,
    body: cmd.body ?? `IVR: ${category}`,
    attachments: cmd.attachments ?? [],
    receivedAt: ctx.clock.now(),
    category,
    language: languageOf(state, ctx),
    identity: { accountNumber: state.accountNumber, phone: caller.address },
    newThread: true,
    public: false,
    live: cmd.live ?? false,
  });
}
