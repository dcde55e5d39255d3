// Booking a slot at a walk-in office from the reception page (optional): office, service, day,
// a free slot, a phone or an account number; the confirmation (it/ru/en) gives the code to
// show at the office's check-in, where the visitor is called at the slot's time. Its own
// section, mounted by one import in index.ts; text goes in through textContent only.
import type { BookingView, OfficeView, SlotView } from '../../wire/walk-in';
import { el, pageLanguage, type Lang } from './index-i18n';

const S: Record<Lang, Record<string, string>> = {
  it: {
    title: 'Prenota un appuntamento allo sportello',
    intro: 'Scelga sportello, servizio, giorno e orario: sarà chiamato all’orario prenotato.',
    office: 'Sportello',
    service: 'Servizio',
    day: 'Giorno',
    slot: 'Orario',
    none: 'Nessun orario libero in questo giorno.',
    pick: 'Scelga un orario.',
    phone: 'Telefono',
    account: 'oppure codice cliente',
    identity: 'Indichi il telefono o il codice cliente.',
    book: 'Prenota',
    confirmed: 'Prenotazione confermata',
    code: 'Codice da mostrare allo sportello',
    when: 'Quando',
    where: 'Dove',
    bring: 'All’arrivo mostri il codice all’accettazione: sarà chiamato all’orario prenotato.',
    cancel: 'Annulla la prenotazione',
    cancelled: 'Prenotazione annullata: l’orario è di nuovo libero.',
    error: 'Qualcosa non ha funzionato: riprovi.',
  },
  ru: {
    title: 'Запись на приём в офис',
    intro: 'Выберите офис, услугу, день и время: вас пригласят в назначенное время.',
    office: 'Офис',
    service: 'Услуга',
    day: 'День',
    slot: 'Время',
    none: 'На этот день свободного времени нет.',
    pick: 'Выберите время.',
    phone: 'Телефон',
    account: 'или лицевой счёт',
    identity: 'Укажите телефон или номер лицевого счёта.',
    book: 'Записаться',
    confirmed: 'Запись подтверждена',
    code: 'Код для предъявления в офисе',
    when: 'Когда',
    where: 'Где',
    bring: 'По приходе покажите код при регистрации: вас пригласят в назначенное время.',
    cancel: 'Отменить запись',
    cancelled: 'Запись отменена: время снова свободно.',
    error: 'Что-то пошло не так: попробуйте ещё раз.',
  },
  en: {
    title: 'Book a visit to an office',
    intro: 'Choose the office, the service, the day and the time: you will be called at your time.',
    office: 'Office',
    service: 'Service',
    day: 'Day',
    slot: 'Time',
    none: 'No free time on this day.',
    pick: 'Choose a time.',
    phone: 'Phone',
    account: 'or account number',
    identity: 'Give your phone or your account number.',
    book: 'Book',
    confirmed: 'Booking confirmed',
    code: 'Code to show at the office',
    when: 'When',
    where: 'Where',
    bring: 'When you arrive, show the code at the check-in: you will be called at your time.',
    cancel: 'Cancel the booking',
    cancelled: 'Booking cancelled: the time is free again.',
    error: 'Something went wrong: please try again.',
  },
};
const lang = pageLanguage();
const t = (k: string) => S[lang][k] ?? S.en[k] ?? k;

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await res.json().catch(() => ({}))) as T & { message?: string; error?: string };
  if (!res.ok) throw Object.assign(new Error(data.message ?? t('error')), { code: data.error });
  return data;
}

function labelled(id: string, label: string, input: HTMLElement): HTMLElement {
  input.id = id;
  return el('div', { class: 'field' }, el('label', { for: id }, label), input);
}

const when = (iso: string) => new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

function confirmation(b: BookingView, identity: Record<string, string>, form: HTMLElement): HTMLElement {
  const status = el('p', { id: 'booking-cancelled', role: 'status' });
  const cancel = el('button', { type: 'button', id: 'booking-cancel' }, t('cancel'));
  const panel = el(
    'section',
    { class: 'result', id: 'booking-result', role: 'status', tabindex: '-1' },
    el('h2', {}, t('confirmed')),
    el(
      'dl',
      {},
      el('dt', {}, t('code')),
      el('dd', { id: 'booking-code' }, b.code),
      el('dt', {}, t('when')),
      el('dd', { id: 'booking-when' }, when(b.slotStart)),
      el('dt', {}, t('where')),
      el('dd', {}, `${b.officeName} — ${b.serviceName}`),
    ),
    el('p', {}, t('bring')),
    cancel,
    status,
  );
  cancel.addEventListener('click', () => {
    call('POST', `/api/walk-in/bookings/${b.code}/cancel`, identity)
      .then(() => {
        status.textContent = t('cancelled');
        cancel.remove();
        form.hidden = false;
      })
      .catch((err: Error) => (status.textContent = err.message));
  });
  return panel;
}

async function mount(): Promise<void> {
  const offices = (await call<{ offices: OfficeView[] }>('GET', '/api/walk-in/offices').catch(() => ({ offices: [] }))).offices
    .map((o) => ({ ...o, services: o.services.filter((s) => s.slotMinutes) }))
    .filter((o) => o.services.length);
  if (!offices.length) return; // no office takes bookings: no section

  const office = el('select', { required: '' });
  for (const o of offices) office.append(el('option', { value: o.id }, o.name));
  const service = el('select', { required: '' });
  const day = el('input', { type: 'date', required: '', min: localDay(new Date()) });
  day.value = localDay(new Date(Date.now() + 86_400_000));
  const slotList = el('div', { id: 'booking-slots', role: 'radiogroup', 'aria-label': t('slot') });
  const phone = el('input', { type: 'tel', autocomplete: 'tel' });
  const account = el('input', { autocomplete: 'off' });
  const error = el('p', { class: 'error', id: 'booking-error', role: 'alert' });
  const submit = el('button', { type: 'submit', id: 'booking-submit' }, t('book'));
  let chosen: string | null = null;

  const fillServices = () => {
    const o = offices.find((x) => x.id === office.value) ?? offices[0]!;
    service.replaceChildren(...o.services.map((s) => el('option', { value: s.code }, s.name)));
  };
  const loadSlots = async () => {
    chosen = null;
    const q = new URLSearchParams({ service: service.value, day: day.value });
    const { slots } = await call<{ slots: SlotView[] }>('GET', `/api/walk-in/offices/${office.value}/slots?${q}`).catch(() => ({
      slots: [] as SlotView[],
    }));
    const free = slots.filter((s) => s.free > 0);
    if (!free.length) return void slotList.replaceChildren(el('p', { id: 'booking-none' }, t('none')));
    slotList.replaceChildren(
      ...free.map((s) => {
        const b = el(
          'button',
          { type: 'button', class: 'slot', 'data-slot': s.start, role: 'radio', 'aria-checked': 'false' },
          new Intl.DateTimeFormat(lang, { timeStyle: 'short' }).format(new Date(s.start)),
        );
        b.addEventListener('click', () => {
          chosen = s.start;
          for (const x of slotList.querySelectorAll('button')) x.setAttribute('aria-checked', String(x === b));
        });
        return b;
      }),
    );
  };

  const form = el(
    'form',
    { id: 'booking-form', novalidate: '' },
    labelled('booking-office', t('office'), office),
    labelled('booking-service', t('service'), service),
    labelled('booking-day', t('day'), day),
    el('fieldset', {}, el('legend', {}, t('slot')), slotList),
    labelled('booking-phone', t('phone'), phone),
    labelled('booking-account', t('account'), account),
    submit,
    error,
  );
  const section = el(
    'section',
    { id: 'booking', 'aria-labelledby': 'booking-title' },
    el('h2', { id: 'booking-title' }, t('title')),
    el('p', {}, t('intro')),
    form,
  );
  office.addEventListener('change', () => {
    fillServices();
    void loadSlots();
  });
  service.addEventListener('change', () => void loadSlots());
  day.addEventListener('change', () => void loadSlots());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.textContent = '';
    if (!chosen) return void (error.textContent = t('pick'));
    const identity: Record<string, string> = {};
    if (phone.value.trim()) identity.phone = phone.value.trim();
    if (account.value.trim()) identity.accountNumber = account.value.trim();
    if (!identity.phone && !identity.accountNumber) return void (error.textContent = t('identity'));
    submit.disabled = true;
    call<BookingView>('POST', `/api/walk-in/offices/${office.value}/bookings`, {
      service: service.value,
      slotStart: chosen,
      language: lang,
      ...identity,
    })
      .then((b) => {
        form.hidden = true;
        form.after(confirmation(b, identity, form));
        document.getElementById('booking-result')?.focus();
      })
      .catch((err: Error & { code?: string }) => {
        error.textContent = err.message;
        // Taken meanwhile by someone else: the list is offered anew.
        if (err.code === 'SlotFull' || err.code === 'NotASlot') void loadSlots();
      })
      .finally(() => (submit.disabled = false));
  });
  fillServices();
  await loadSlots();
  document.getElementById('app')?.append(section);
}

// After the page's own sections (index.ts builds them while this module's importer runs).
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void mount());
else setTimeout(() => void mount(), 0);
