// Records keyed by a phone number or an e-mail address that a channel keeps in its own
// collection (the SMS opt-out list, channels/sms/consent.ts): the channel registers how to
// remove them, since core may not import channels. Registered once per process at start.
export interface ContactEraseInput {
  phones: string[];
  emails: string[];
  now: Date;
}
export type ContactEraser = (input: ContactEraseInput) => Promise<void>;

const erasers = new Map<string, ContactEraser>();

export function registerContactEraser(name: string, eraser: ContactEraser): void {
  erasers.set(name, eraser);
}

export function contactErasers(): ContactEraser[] {
  return [...erasers.values()];
}
