// Desk mode of the agent console, for a walk-in office: choose the office, the desk number and
// the services this desk serves; "call next" takes the oldest waiting visitor of those services
// (the office display shows the number), then "recall", "no show" or "done". Mounted into the
// console's page by one import in console.ts; it talks only to /api/walk-in.
import type { OfficeView, VisitView } from '../../wire/walk-in';
import { api, h, pageLang, tr } from './walkin-i18n';

const t = tr(pageLang());
let current: VisitView | null = null;

function mount(): void {
  const app = document.getElementById('app');
  const main = app?.querySelector('main');
  if (!app || !main || document.getElementById('desk-mode')) return;
  const office = h('select', { id: 'desk-office', 'aria-label': 'office' }) as HTMLSelectElement;
  const desk = h('input', { id: 'desk-number', size: '3', value: '1', 'aria-label': t('desk.desk') }) as HTMLInputElement;
  const services = h('span', { id: 'desk-services' });
  const status = h('span', { id: 'desk-status', role: 'status' });
  const waiting = h('span', { id: 'desk-waiting' });
  const button = (id: string, key: string, fn: () => Promise<void>) => {
    const b = h('button', { type: 'button', id }, t(key));
    b.addEventListener('click', () => void fn().catch((err: Error) => (status.textContent = err.message)));
    return b;
  };
  const chosenServices = () => [...services.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
  const refresh = async () => {
    if (!office.value) return;
    const v = await api<{ waiting: VisitView[] }>('GET', `/api/walk-in/offices/${encodeURIComponent(office.value)}/visits`);
    const mine = chosenServices();
    waiting.textContent = t('desk.waiting', { n: v.waiting.filter((x) => !mine.length || mine.includes(x.service)).length });
  };
  const show = () => {
    status.textContent = current ? t('desk.serving', { number: current.number }) : '';
  };
  const end = (what: 'done' | 'no-show') => async () => {
    if (!current) return;
    await api('POST', `/api/walk-in/visits/${current.id}/${what}`);
    current = null;
    show();
    await refresh();
  };
  const panel = h(
    'details',
    { id: 'desk-mode', class: 'desk-mode' },
    h('summary', {}, t('desk.title')),
    office,
    h('label', {}, t('desk.desk'), ' ', desk),
    services,
    button('desk-next', 'desk.next', async () => {
      try {
        current = await api<VisitView>('POST', `/api/walk-in/offices/${encodeURIComponent(office.value)}/call-next`, {
          desk: desk.value.trim() || '1',
          services: chosenServices(),
        });
        show();
      } catch (err) {
        if ((err as { code?: string }).code === 'NobodyWaiting') status.textContent = t('desk.nobody');
        else throw err;
      }
      await refresh();
    }),
    button('desk-recall', 'desk.recall', async () => {
      if (current) await api('POST', `/api/walk-in/visits/${current.id}/recall`);
    }),
    button('desk-noshow', 'desk.noshow', end('no-show')),
    button('desk-done', 'desk.done', end('done')),
    status,
    waiting,
  );
  app.insertBefore(panel, main);
  const drawServices = (offices: OfficeView[]) => {
    const o = offices.find((x) => x.id === office.value);
    services.replaceChildren(
      ...(o?.services ?? []).map((s) =>
        h('label', { title: s.name }, h('input', { type: 'checkbox', value: s.code, checked: '' }), s.code),
      ),
    );
  };
  panel.addEventListener('toggle', () => {
    if (!(panel as HTMLDetailsElement).open || office.options.length) return;
    void api<{ offices: OfficeView[] }>('GET', '/api/walk-in/offices').then(({ offices }) => {
      for (const o of offices) office.append(h('option', { value: o.id }, o.name));
      office.addEventListener('change', () => {
        drawServices(offices);
        void refresh();
      });
      drawServices(offices);
      void refresh();
    });
  });
}

mount();
