// The check-in page of a walk-in office (/walk-in?office=…): a kiosk or a receptionist, logged
// in with a staff account, picks the service, optionally the account number or phone, and the
// visitor gets their number (A017) in large type.
import './walkin.css';
import type { CheckInResult, OfficeView } from '../../wire/walk-in';
import { api, h, pageLang, tr } from './walkin-i18n';

const lang = pageLang();
const t = tr(lang);
document.documentElement.lang = lang;
document.title = t('checkin.title');
const app = document.getElementById('app')!;

function loginForm(onDone: () => void): HTMLElement {
  const email = h('input', { id: 'login-email', type: 'email', autocomplete: 'username', required: '' }) as HTMLInputElement;
  const password = h('input', {
    id: 'login-password',
    type: 'password',
    autocomplete: 'current-password',
    required: '',
  }) as HTMLInputElement;
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { id: 'login-form' },
    h('h1', {}, t('login.title')),
    h('label', { for: 'login-email' }, t('login.email')),
    email,
    h('label', { for: 'login-password' }, t('login.password')),
    password,
    h('button', { type: 'submit', class: 'primary' }, t('login.submit')),
    error,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    api('POST', '/api/auth/login', { email: email.value, password: password.value })
      .then(onDone)
      .catch((err: Error) => (error.textContent = err.message));
  });
  return form;
}

function checkInForm(offices: OfficeView[]): HTMLElement {
  const wanted = new URLSearchParams(location.search).get('office');
  const select = h('select', { id: 'office' }) as HTMLSelectElement;
  for (const o of offices) select.append(h('option', { value: o.id }, o.name));
  if (wanted && offices.some((o) => o.id === wanted)) select.value = wanted;
  const services = h('div', { class: 'services', role: 'group', 'aria-label': t('checkin.service') });
  const account = h('input', { id: 'account', inputmode: 'text', autocomplete: 'off' }) as HTMLInputElement;
  const phone = h('input', { id: 'phone', type: 'tel', autocomplete: 'off' }) as HTMLInputElement;
  const booking = h('input', { id: 'booking', autocomplete: 'off', maxlength: '6' }) as HTMLInputElement;
  const result = h('section', { id: 'result', 'aria-live': 'polite' });
  const error = h('p', { class: 'error', role: 'alert', id: 'error' });
  let chosen = '';
  const drawServices = () => {
    const office = offices.find((o) => o.id === select.value);
    chosen = '';
    services.replaceChildren(
      ...(office?.services ?? []).map((s) => {
        const b = h('button', { type: 'button', 'data-service': s.code, 'aria-pressed': 'false' }, `${s.code} · ${s.name}`);
        b.addEventListener('click', () => {
          chosen = s.code;
          for (const other of services.querySelectorAll('button')) other.setAttribute('aria-pressed', String(other === b));
        });
        return b;
      }),
    );
    error.textContent = office && !office.open ? t('checkin.closed') : '';
  };
  select.addEventListener('change', drawServices);
  drawServices();
  const take = h('button', { type: 'submit', class: 'primary', id: 'take' }, t('checkin.take'));
  const form = h(
    'form',
    { id: 'checkin-form' },
    h('h1', {}, t('checkin.title')),
    h('label', { for: 'office' }, t('checkin.office')),
    select,
    h('p', {}, h('strong', {}, t('checkin.service'))),
    services,
    h('label', { for: 'booking' }, t('checkin.booking')),
    booking,
    h('label', { for: 'account' }, t('checkin.account')),
    account,
    h('label', { for: 'phone' }, t('checkin.phone')),
    phone,
    take,
    error,
    result,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.textContent = '';
    // A booking brings its own service; a service chosen as well must be the booking's.
    const body: Record<string, string> = { language: lang };
    if (chosen || !booking.value.trim()) body.service = chosen;
    if (booking.value.trim()) body.bookingCode = booking.value.trim();
    if (account.value.trim()) body.accountNumber = account.value.trim();
    if (phone.value.trim()) body.phone = phone.value.trim();
    api<CheckInResult>('POST', `/api/walk-in/offices/${encodeURIComponent(select.value)}/check-in`, body)
      .then((r) => {
        result.replaceChildren(
          h('p', {}, t('checkin.your')),
          h('p', { class: 'ticket-number', id: 'number' }, r.number),
          r.bookedFor
            ? h(
                'p',
                { id: 'booked' },
                t('checkin.booked', { time: new Date(r.bookedFor).toLocaleTimeString(lang, { timeStyle: 'short' }) }),
              )
            : h('p', {}, t('checkin.ahead', { n: r.ahead })),
        );
        booking.value = '';
        account.value = '';
        phone.value = '';
      })
      .catch((err: Error & { code?: string }) => (error.textContent = err.code === 'OfficeClosed' ? t('checkin.closed') : err.message));
  });
  return form;
}

async function main(): Promise<void> {
  const me = await fetch('/api/auth/me', { credentials: 'same-origin' });
  if (!me.ok) {
    app.replaceChildren(loginForm(() => void main()));
    return;
  }
  const { offices } = await api<{ offices: OfficeView[] }>('GET', '/api/walk-in/offices');
  app.replaceChildren(checkInForm(offices));
}

void main();
