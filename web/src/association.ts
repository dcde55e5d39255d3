// The consumer associations' portal (/association): a representative logs in, submits a case
// for a member (account or contract, a signed mandate as a file), follows their association's
// cases and replies. Every request is scoped to their association by the server.
import './walkin.css';
import { CATEGORIES } from '../../wire';
import { MANDATE_MAX_BYTES, mb } from '../../wire/association';
import { api, h } from './walkin-i18n';

interface CaseRow {
  id: string;
  ticketNumber: string;
  subject: string | null;
  status: string | null;
  deadline: string | null;
  result: string | null;
}
interface CaseView extends CaseRow {
  messages: Array<{ from: 'association' | 'company'; body: string; at: string | null; attachments: string[] }>;
}

const app = document.getElementById('app')!;
document.title = 'Associations portal';

function field(id: string, label: string, input: HTMLElement): HTMLElement[] {
  input.id = id;
  return [h('label', { for: id }, label), input];
}

function loginForm(): HTMLElement {
  const email = h('input', { type: 'email', autocomplete: 'username', required: '' }) as HTMLInputElement;
  const password = h('input', { type: 'password', autocomplete: 'current-password', required: '' }) as HTMLInputElement;
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { id: 'login-form' },
    h('h1', {}, 'Associations portal'),
    ...field('login-email', 'E-mail', email),
    ...field('login-password', 'Password', password),
    h('button', { type: 'submit', class: 'primary' }, 'Log in'),
    error,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    api('POST', '/api/auth/login', { email: email.value, password: password.value })
      .then(() => void main())
      .catch((err: Error) => (error.textContent = err.message));
  });
  return form;
}

const fileToBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });

function caseForm(onDone: () => void): HTMLElement {
  const member = h('input', { required: '' }) as HTMLInputElement;
  const account = h('input') as HTMLInputElement;
  const contract = h('input') as HTMLInputElement;
  const category = h('select') as HTMLSelectElement;
  for (const c of CATEGORIES) category.append(h('option', { value: c }, c.replace(/_/g, ' ')));
  category.value = 'complaint';
  const subject = h('input', { required: '' }) as HTMLInputElement;
  const message = h('textarea', { rows: '5', required: '' }) as HTMLTextAreaElement;
  const mandate = h('input', { type: 'file', accept: 'application/pdf,image/jpeg,image/png' }) as HTMLInputElement;
  const error = h('p', { class: 'error', role: 'alert', id: 'case-error' });
  const form = h(
    'form',
    { id: 'case-form' },
    h('h2', {}, 'New case for a member'),
    ...field('case-member', 'Member name', member),
    ...field('case-account', 'Account number', account),
    ...field('case-contract', 'Contract number', contract),
    ...field('case-category', 'Category', category),
    ...field('case-subject', 'Subject', subject),
    ...field('case-message', 'What the member asks', message),
    ...field('case-mandate', `Signed mandate (PDF, JPEG or PNG, at most ${mb(MANDATE_MAX_BYTES)})`, mandate),
    h('button', { type: 'submit', class: 'primary', id: 'case-submit' }, 'Submit the case'),
    error,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.textContent = '';
    void (async () => {
      const file = mandate.files?.[0];
      if (!file) throw new Error('attach the signed mandate');
      // Refused here before minutes of upload; the server refuses it too (413, the same limit).
      if (file.size > MANDATE_MAX_BYTES)
        throw new Error(`the mandate file is larger than ${mb(MANDATE_MAX_BYTES)}: scan it at a lower resolution or as a PDF`);
      const body: Record<string, unknown> = {
        memberName: member.value,
        category: category.value,
        subject: subject.value,
        message: message.value,
        mandate: { filename: file.name, contentType: file.type, data: await fileToBase64(file) },
      };
      if (account.value.trim()) body.accountNumber = account.value.trim();
      if (contract.value.trim()) body.contractNumber = contract.value.trim();
      await api('POST', '/api/association/cases', body);
      (form as HTMLFormElement).reset();
      onDone();
    })().catch((err: Error) => (error.textContent = err.message));
  });
  return form;
}

async function openCase(id: string, into: HTMLElement): Promise<void> {
  const c = await api<CaseView>('GET', `/api/association/cases/${id}`);
  const reply = h('textarea', { id: 'reply-text', rows: '3' }) as HTMLTextAreaElement;
  const send = h('button', { type: 'button', id: 'reply-send' }, 'Reply');
  send.addEventListener('click', () => {
    if (!reply.value.trim()) return;
    void api('POST', `/api/association/cases/${id}/reply`, { message: reply.value }).then(() => openCase(id, into));
  });
  into.replaceChildren(
    h('h2', {}, `${c.ticketNumber} · ${c.subject ?? ''}`),
    h('p', { id: 'case-status' }, `${c.status ?? ''}${c.result ? ` · ${c.result}` : ''}`),
    h(
      'ol',
      { id: 'case-messages' },
      ...c.messages.map((m) =>
        h('li', { class: `msg-${m.from}` }, `${m.from}: ${m.body}${m.attachments.length ? ` [${m.attachments.join(', ')}]` : ''}`),
      ),
    ),
    reply,
    send,
  );
}

async function main(): Promise<void> {
  // Logged in as a representative: the list answers; otherwise the login form.
  const cases = await fetch('/api/association/cases', { credentials: 'same-origin' });
  if (!cases.ok) {
    app.replaceChildren(loginForm());
    return;
  }
  const list = h('ul', { id: 'cases' });
  const detail = h('section', { id: 'case' });
  const refresh = async () => {
    const { cases: rows } = await api<{ cases: CaseRow[] }>('GET', '/api/association/cases');
    list.replaceChildren(
      ...rows.map((r) => {
        const b = h(
          'button',
          { type: 'button', 'data-case': r.id },
          `${r.ticketNumber} · ${r.subject ?? ''} · ${r.status ?? ''}${r.result ? ` · ${r.result}` : ''}`,
        );
        b.addEventListener('click', () => void openCase(r.id, detail));
        return h('li', {}, b);
      }),
    );
  };
  app.replaceChildren(
    h('h1', {}, 'Associations portal'),
    caseForm(() => void refresh()),
    h('h2', {}, 'Our cases'),
    list,
    detail,
  );
  await refresh();
}

void main();
