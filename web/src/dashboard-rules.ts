// The rule-book page of the dashboard: the rule set in force as GET /api/rules gives it, one
// table per part (deadlines, targets, dunning, …), every value with its unit, its source and
// whether an operator overrode it; laid out to be printed. Text goes in through textContent.
import type { RuleBook, RuleEntry } from '../../wire/rules';
import { wireLoginForm } from './login-form';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const SECTIONS: Record<string, string> = {
  categories: 'Answer deadlines and priorities, by category',
  letters: 'Letters (postal, certified e-mail)',
  firstResponseSeconds: 'Answer time of live contacts',
  averageWaitTargetSeconds: 'Regulatory targets',
  serviceLevelTarget: 'Regulatory targets',
  accessibilityTarget: 'Regulatory targets',
  withinDeadlineTargets: 'Regulatory targets',
  escalateDaysBefore: 'Answer deadlines and priorities, by category',
  dunning: 'Dunning ladder',
  reminders: 'Reminders and the courtesy window',
  instalments: 'Instalment plans',
  deferral: 'Payment deferral',
  surveys: 'Surveys',
  callbacks: 'Callbacks',
  disputes: 'Disputed contracts',
};

const pct = (v: number) => new Intl.NumberFormat(navigator.language, { style: 'percent', maximumFractionDigits: 2 }).format(v);

/** The value as a reader expects it: "14 working days", "95 %", "no target". */
export function formatValue(e: RuleEntry): string {
  if (e.value === null)
    return e.unit === 'seconds' || e.unit === 'share' ? 'no target' : e.path === 'letters' ? "the category's deadline" : '–';
  if (typeof e.value === 'boolean') return e.value ? 'yes' : 'no';
  if (typeof e.value === 'string') return e.value;
  switch (e.unit) {
    case 'share':
      return pct(e.value);
    case 'money':
      return new Intl.NumberFormat(navigator.language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(e.value);
    case 'seconds':
      return `${e.value} s`;
    case 'calendar days':
    case 'working days':
    case 'hours':
    case 'months':
      return `${e.value} ${e.value === 1 ? e.unit.replace(/s$/, '') : e.unit}`;
    default:
      return String(e.value);
  }
}

function render(book: RuleBook): void {
  const overridden = book.entries.filter((e) => e.overridden).length;
  $('summary').textContent =
    `Rule set ${book.ruleSet} · calendar ${book.country} · ${book.timezone} · ${book.entries.length} values, ` +
    `${overridden} overridden · printed ${new Date().toLocaleString(navigator.language)}`;
  const groups = new Map<string, RuleEntry[]>();
  for (const e of book.entries) {
    const title = SECTIONS[e.path.split('.')[0] ?? ''] ?? 'Other';
    groups.set(title, [...(groups.get(title) ?? []), e]);
  }
  const out: HTMLElement[] = [];
  for (const [title, entries] of groups) {
    const h = document.createElement('h2');
    h.textContent = title;
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    for (const text of ['Rule', 'Value', 'Unit', 'Source', 'Overridden']) {
      const th = document.createElement('th');
      th.textContent = text;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const e of entries) {
      const tr = body.insertRow();
      tr.dataset.path = e.path;
      if (e.overridden) tr.className = 'overridden';
      const code = document.createElement('code');
      code.textContent = e.path;
      tr.insertCell().appendChild(code);
      const value = tr.insertCell();
      value.className = 'value';
      value.textContent = formatValue(e);
      tr.insertCell().textContent = e.unit;
      tr.insertCell().textContent = e.source;
      tr.insertCell().textContent = e.overridden ? 'overridden' : '';
    }
    out.push(h, table);
  }
  $('sections').replaceChildren(...out);
  $('book').hidden = false;
}

async function main(): Promise<void> {
  const res = await fetch('/api/rules', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (res.status === 401) {
    $('login').hidden = false;
    $('login-email').focus();
    return;
  }
  if (res.status === 403) {
    $('error').textContent = 'The rule book needs the supervisor role.';
    return;
  }
  if (!res.ok) {
    $('error').textContent = `HTTP ${res.status}`;
    return;
  }
  render((await res.json()) as RuleBook);
}

wireLoginForm();
$('print').addEventListener('click', () => window.print());

void main();
