import { classifyNoise, type NoiseInput } from '../../channels/email/noise';
import {
  dedupeKey,
  mailDomain,
  messageIdFromVerp,
  parentCandidates,
  replyReferences,
  ticketNumberInSubject,
  verpAddress,
} from '../../channels/email/threading';
import { autoSubmittedFor } from '../../channels/email/outbound';
import { attachmentDecision } from '../../channels/email/attachment-store';
import { emailCatalog, tEmail } from '../../channels/email/catalog';
import { webCatalog } from '../../channels/web/catalog';

const base: NoiseInput = { headers: [], envelopeFrom: 'mario@example.it', fromAddress: 'mario@example.it', isDsn: false };
const h = (name: string, value: string) => ({ name, value });

describe('loop and noise rules', () => {
  test.each<[string, Partial<NoiseInput>, string]>([
    ['a person', {}, 'person'],
    ['Auto-Submitted: no', { headers: [h('auto-submitted', 'no')] }, 'person'],
    ['Auto-Submitted: auto-replied', { headers: [h('auto-submitted', 'auto-replied')] }, 'quiet'],
    ['Auto-Submitted: auto-generated', { headers: [h('auto-submitted', 'Auto-Generated')] }, 'quiet'],
    ['empty envelope sender', { envelopeFrom: '' }, 'quiet'],
    ['unknown envelope (webhook) is not empty', { envelopeFrom: null }, 'person'],
    ['Precedence: bulk', { headers: [h('precedence', 'bulk')] }, 'quiet'],
    ['Precedence: junk', { headers: [h('precedence', 'junk')] }, 'quiet'],
    ['Precedence: list', { headers: [h('precedence', 'list')] }, 'quiet'],
    ['Precedence: first-class', { headers: [h('precedence', 'first-class')] }, 'person'],
    ['List-Id', { headers: [h('list-id', '<news.example.it>')] }, 'quiet'],
    ['List-Unsubscribe', { headers: [h('list-unsubscribe', '<mailto:u@x>')] }, 'quiet'],
    ['X-Auto-Response-Suppress', { headers: [h('x-auto-response-suppress', 'All')] }, 'quiet'],
    ['X-Autoreply', { headers: [h('x-autoreply', 'yes')] }, 'quiet'],
    ['no-reply sender', { fromAddress: 'no-reply@shop.example' }, 'quiet'],
    ['Precedence: auto_reply', { headers: [h('precedence', 'auto_reply')] }, 'quiet'],
    ['subject "Out of Office: …"', { subject: 'Out of Office: back on 3 March' }, 'quiet'],
    ['subject "Automatic reply: …"', { subject: 'Automatic reply: Reclamo [T-000123]' }, 'quiet'],
    ['subject "Risposta automatica: …"', { subject: 'Risposta automatica: Re: bolletta' }, 'quiet'],
    ['subject "Автоответ: …"', { subject: 'Автоответ: Ваше обращение' }, 'quiet'],
    ['a person quoting an auto-reply in the subject', { subject: 'Re: la vostra risposta automatica non dice nulla' }, 'person'],
    ['a person writing about an outage', { subject: 'Out of power since this morning' }, 'person'],
    ['MAILER-DAEMON sender', { fromAddress: 'mailer-daemon@mx.example.org' }, 'bounce'],
    ['postmaster sender', { fromAddress: 'postmaster@example.org' }, 'bounce'],
    ['a delivery-status report', { isDsn: true }, 'bounce'],
  ])('%s → %s', (_name, input, expected) => {
    expect(classifyNoise({ ...base, ...input }).kind).toBe(expected);
  });
});

describe('threading keys', () => {
  test.each([
    ['Re: Reclamo [T-000123]', 'T-000123'],
    ['R: [t-000042] bolletta', 'T-000042'],
    ['Re: T-000123 without brackets', null],
    ['[T-12] too short', null],
    ['', null],
  ])('subject %p → %p', (subject, expected) => {
    expect(ticketNumberInSubject(subject)).toBe(expected);
  });

  test('In-Reply-To first, then References newest first, without repeats', () => {
    expect(parentCandidates(['c@x'], ['a@x', 'b@x', 'c@x'])).toEqual(['c@x', 'b@x', 'a@x']);
    expect(parentCandidates([], [])).toEqual([]);
  });

  test('our References keep the root and the newest ids', () => {
    const ids = Array.from({ length: 15 }, (_, i) => `m${i}@x`);
    const refs = replyReferences(ids, 10);
    expect(refs).toHaveLength(10);
    expect(refs[0]).toBe('m0@x');
    expect(refs[9]).toBe('m14@x');
    expect(replyReferences(['a@x', 'a@x', 'b@x'])).toEqual(['a@x', 'b@x']);
  });

  test('the dedupe key is stable for a redelivery and differs for a reused Message-ID', () => {
    const a = dedupeKey('id@x', 'a@b.it', '2026-01-01T10:00:00.000Z', 'testo');
    expect(dedupeKey('id@x', 'a@b.it', '2026-01-01T10:00:00.000Z', 'testo')).toBe(a);
    expect(dedupeKey('id@x', 'a@b.it', '2026-01-01T10:00:00.000Z', 'altro testo')).not.toBe(a);
    expect(dedupeKey(null, 'a@b.it', null, 'testo')).toMatch(/^no-message-id\|[a-f0-9]{32}$/);
    expect(dedupeKey('x'.repeat(300) + '@y', 'a@b.it', null, 't').length).toBeLessThan(120);
  });

  test('VERP addresses name our Message-ID and are read back only for our own mailbox', () => {
    const from = 'Servizio Clienti <service@utility.example>';
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e@utility.example';
    const verp = verpAddress(from, id);
    expect(verp).toBe('service+b0f8fad5bd9cb469fa16570867728950e@utility.example');
    expect(verp.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(messageIdFromVerp(verp, from)).toBe(id);
    expect(messageIdFromVerp(verp.toUpperCase(), from)).toBe(id);
    expect(messageIdFromVerp('service@utility.example', from)).toBeNull();
    expect(messageIdFromVerp('other+b0f8fad5bd9cb469fa16570867728950e@utility.example', from)).toBeNull();
    expect(messageIdFromVerp('service+b0f8fad5bd9cb469fa16570867728950e@elsewhere.example', from)).toBeNull();
  });

  test('our Message-ID domain comes from MAIL_FROM', () => {
    expect(mailDomain('Customer Service <service@Utility.example>')).toBe('utility.example');
    expect(mailDomain('service@utility.example')).toBe('utility.example');
  });
});

describe('outbound marking and attachment limits', () => {
  test.each([
    ['reply', null],
    ['ack', 'auto-replied'],
    ['reminder', 'auto-generated'],
    ['notice', 'auto-generated'],
    ['survey', 'auto-generated'],
  ] as const)('%s → Auto-Submitted %p', (kind, expected) => {
    expect(autoSubmittedFor(kind)).toBe(expected);
  });

  test.each([
    ['application/pdf', 1000, true],
    ['image/jpeg', 1000, true],
    ['IMAGE/PNG', 1000, true],
    ['application/pdf', 20_000_000, false],
    ['application/x-msdownload', 1000, false],
    ['text/html', 1000, false],
  ] as const)('%s of %d bytes stored: %p', (type, size, store) => {
    expect(attachmentDecision(type, size, 10 * 1024 * 1024).store).toBe(store);
  });
});

describe('catalogues', () => {
  test.each([
    ['email', emailCatalog],
    ['web', webCatalog],
  ] as const)('the %s catalogue has the same keys in it, ru and en', (_name, catalog) => {
    const keys = (l: 'it' | 'ru' | 'en') => Object.keys(catalog[l]).sort();
    expect(keys('ru')).toEqual(keys('it'));
    expect(keys('en')).toEqual(keys('it'));
  });

  test.each(['it', 'ru', 'en'] as const)('the acknowledgement in %s names the number, the deadline and the period in its unit', (lang) => {
    const period = tEmail(lang, 'period.working', { count: 14 });
    const body = tEmail(lang, 'ack.body', { number: 'T-000123', category: 'x', deadline: 'DEADLINE', period, signature: 'S' });
    expect(body).toContain('T-000123');
    expect(body).toContain('DEADLINE');
    expect(body).toContain(period);
    expect(period).toMatch(/^14 (giorni lavorativi|раб\. дн\.|working days)$/);
    expect(body).not.toMatch(/\{\{/);
  });
});
