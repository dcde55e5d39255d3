// The reception's part of a self-service decision on a bill: the bill-number field of the
// instalment and deferral requests, the proposal shown with the ticket number, and on the
// tracking page the proposal with a button to accept it (POST …/proposal/accept). The server
// checks the owner and words the proposal in the page's language; this module only shows it.
import { el, type Lang } from './index-i18n';

export interface ProposalView {
  kind: 'instalment' | 'deferral';
  billNumber: string;
  state: 'open' | 'accepted' | 'refused';
  text: string;
}

const TEXT: Record<Lang, Record<string, string>> = {
  it: {
    billNumber: 'Numero della fattura',
    billHint: 'Con il numero cliente e la sua e-mail o telefono, le mostriamo subito la proposta.',
    title: 'La proposta per la sua fattura',
    accept: 'Accetto la proposta',
    error: 'Non è stato possibile registrare la risposta. Riprovi.',
  },
  en: {
    billNumber: 'Bill number',
    billHint: 'With your account number and your e-mail or phone, we show you the proposal at once.',
    title: 'The proposal for your bill',
    accept: 'Accept the proposal',
    error: 'Your answer could not be recorded. Please try again.',
  },
  ru: {
    billNumber: 'Номер счёта',
    billHint: 'С номером клиента и вашей почтой или телефоном мы сразу покажем предложение.',
    title: 'Предложение по вашему счёту',
    accept: 'Принять предложение',
    error: 'Не удалось сохранить ответ. Повторите попытку.',
  },
};

const SELF_SERVICE = ['instalment', 'deferral'];

/** The bill-number field, shown only while the category is an instalment or a deferral. */
export function billNumberField(
  lang: Lang,
  category: HTMLSelectElement,
  field: (name: string, input: HTMLElement, hint?: string, label?: string) => HTMLElement,
): HTMLElement {
  const wrap = field(
    'billNumber',
    el('input', { type: 'text', maxlength: '32', autocomplete: 'off' }),
    TEXT[lang].billHint,
    TEXT[lang].billNumber,
  );
  wrap.hidden = true;
  category.addEventListener('change', () => {
    wrap.hidden = !SELF_SERVICE.includes(category.value);
  });
  return wrap;
}

/** The proposal (or why there is none) under the ticket number. */
export function proposalNote(proposal: ProposalView | null | undefined): HTMLElement | null {
  if (!proposal) return null;
  return el('p', { id: 'proposal', class: proposal.state === 'refused' ? 'proposal refused' : 'proposal' }, proposal.text);
}

/** The tracking page's section: the proposal, and a button while it can be accepted. */
export async function proposalSection(lang: Lang, number: string, token: string): Promise<HTMLElement | null> {
  const base = `/api/reception/requests/${encodeURIComponent(number)}/proposal`;
  const res = await fetch(`${base}?token=${encodeURIComponent(token)}&lang=${lang}`).catch(() => null);
  const proposal = res?.ok ? ((await res.json()) as { proposal: ProposalView | null }).proposal : null;
  if (!proposal) return null;
  const text = el('p', { id: 'proposal-text', role: 'status' }, proposal.text);
  const section = el(
    'section',
    { 'aria-labelledby': 'proposal-title', id: 'proposal-section' },
    el('h2', { id: 'proposal-title' }, TEXT[lang].title),
    text,
  );
  if (proposal.state !== 'open') return section;
  const button = el('button', { type: 'button', id: 'proposal-accept' }, TEXT[lang].accept);
  button.addEventListener('click', async () => {
    button.disabled = true;
    const r = await fetch(`${base}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, language: lang }),
    }).catch(() => null);
    const body = r ? ((await r.json().catch(() => ({}))) as { proposal?: ProposalView }) : {};
    if (body.proposal) {
      text.textContent = body.proposal.text;
      button.remove();
    } else {
      text.textContent = TEXT[lang].error;
      button.disabled = false;
    }
  });
  section.append(button);
  return section;
}
