// One phone call walked through the IVR the way Twilio walks it: every step a signed webhook
// with the same CallSid, the answer checked to be TwiML Twilio accepts, the <Gather>'s action
// URL followed with the keys pressed.
import { randomBytes } from 'node:crypto';
import { parseTwiml } from './twiml';
import { postTwilioWebhook } from './twilio-standin';

export type Twiml = Record<string, any>;

export interface IvrTarget {
  /** Where the test server listens. */
  url: string;
  /** The base URL Twilio was given (signatures are computed over it). */
  publicBase: string;
  accountSid: string;
}

export function ivrCall(target: IvrTarget, from: string, to = '+390000000000') {
  const CallSid = `CA${randomBytes(16).toString('hex')}`;
  const post = async (path: string, params: Record<string, string> = {}): Promise<Twiml> => {
    const res = await postTwilioWebhook({ actualBase: target.url, publicBase: target.publicBase }, path, {
      CallSid,
      AccountSid: target.accountSid,
      From: from,
      To: to,
      CallStatus: 'in-progress',
      ...params,
    });
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/text\/xml/);
    return parseTwiml(res.text);
  };
  /** Follows an absolute URL Twilio was given (an action, a redirect). */
  const follow = (url: string, params: Record<string, string> = {}): Promise<Twiml> => {
    expect(url.startsWith(target.publicBase)).toBe(true);
    return post(url.slice(target.publicBase.length), params);
  };
  /** Presses keys on the answer's <Gather>. */
  const press = (twiml: Twiml, Digits: string): Promise<Twiml> => follow(gather(twiml)['@action'], { Digits });
  return { CallSid, post, follow, press };
}

/** The first <Gather> of an answer. */
export const gather = (twiml: Twiml) => (twiml.Gather ?? [])[0];

/** Everything the voice says in an answer, in order (inside and outside its <Gather>). */
export const says = (twiml: Twiml): string[] =>
  [...(twiml.Say ?? []), ...(twiml.Gather ?? []).flatMap((g: any) => g.Say ?? [])].map((s: any) =>
    typeof s === 'string' ? s : s['#text'],
  );
