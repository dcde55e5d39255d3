// The display of a walk-in office (/walk-in/display?office=…&lang=…): "now serving A017 at
// desk 3" in large type, live over socket.io (namespace /walk-in), with the last numbers
// called below. Public: numbers and desks only.
import './walkin.css';
import { io } from 'socket.io-client';
import { WALKIN_NAMESPACE, type NowServing } from '../../wire/walk-in';
import { h, pageLang, tr } from './walkin-i18n';

const lang = pageLang();
const t = tr(lang);
document.documentElement.lang = lang;
document.title = t('display.title');
const app = document.getElementById('app')!;
const office = new URLSearchParams(location.search).get('office') ?? '';
let serving: NowServing[] = [];

function draw(): void {
  const [now, ...before] = serving;
  app.replaceChildren(
    h('h1', {}, t('display.title')),
    now
      ? h(
          'section',
          { id: 'now', 'data-number': now.number },
          h('div', { class: 'now' }, now.number),
          h('div', { class: 'now-desk' }, t('display.desk', { desk: now.desk })),
        )
      : h('p', { id: 'now' }, t('display.none')),
    h('h2', {}, t('display.previous')),
    h('ol', { id: 'previous' }, ...before.slice(0, 5).map((s) => h('li', {}, `${s.number} → ${t('display.desk', { desk: s.desk })}`))),
  );
}

const socket = io(WALKIN_NAMESPACE, { transports: ['websocket'] });
socket.on('connect', () => socket.emit('walkin:join', { office }));
socket.on('walkin:snapshot', (s: { serving: NowServing[] }) => {
  serving = s.serving;
  draw();
});
socket.on('walkin:called', (s: NowServing) => {
  serving = [s, ...serving.filter((x) => x.number !== s.number)].slice(0, 8);
  draw();
});
draw();
