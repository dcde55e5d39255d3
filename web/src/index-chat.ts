// Live chat of the reception page: socket.io namespace /reception. The visitor's
// {ticketNumber, token} is kept in sessionStorage so a reload resumes the conversation.
import { io, type Socket } from 'socket.io-client';
import { el, type Lang, translator } from './index-i18n';

export interface ChatMessage {
  id: string;
  from: 'customer' | 'agent';
  body: string;
  at: string;
}

const STORE_KEY = 'reception.chat';

interface Saved {
  ticketNumber: string;
  token: string;
}

export function savedChat(): Saved | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(STORE_KEY) ?? 'null') as Saved | null;
    return v && typeof v.ticketNumber === 'string' && typeof v.token === 'string' ? v : null;
  } catch {
    return null;
  }
}

function randomId(): string {
  const a = new Uint8Array(12);
  crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class ChatView {
  readonly root: HTMLElement;
  private readonly log: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly form: HTMLFormElement;
  private readonly seen = new Set<string>();
  private socket: Socket | null = null;
  private readonly t: (k: string) => string;

  constructor(private readonly lang: Lang) {
    this.t = translator(lang);
    this.log = el('ol', { class: 'chat-log', 'aria-live': 'polite', 'aria-label': this.t('chat.title'), id: 'chat-log' });
    this.input = el('textarea', { id: 'chat-input', name: 'chat', rows: '2', maxlength: '2000', required: '' });
    const send = el('button', { type: 'submit', id: 'chat-send' }, this.t('chat.send'));
    this.form = el(
      'form',
      { class: 'chat-form', id: 'chat-form' },
      el('label', { for: 'chat-input' }, this.t('chat.input')),
      this.input,
      send,
    );
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.sendMessage();
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        void this.sendMessage();
      }
    });
    this.root = el('div', { class: 'chat', id: 'chat' }, this.log, this.form);
  }

  connect(): Socket {
    if (!this.socket) {
      this.socket = io('/reception', { transports: ['websocket', 'polling'] });
      this.socket.on('chat:message', (m: ChatMessage) => this.show(m));
      // After a network blip the server has forgotten this socket's chat: resume again.
      this.socket.io.on('reconnect', () => {
        const saved = savedChat();
        if (saved) void this.resume(saved);
      });
    }
    return this.socket;
  }

  show(m: ChatMessage): void {
    if (this.seen.has(m.id)) return;
    this.seen.add(m.id);
    const who = m.from === 'agent' ? this.t('chat.agent') : this.t('chat.you');
    const time = new Intl.DateTimeFormat(this.lang, { timeStyle: 'short' }).format(new Date(m.at));
    this.log.append(
      el('li', { class: `msg msg-${m.from}`, 'data-id': m.id }, el('span', { class: 'who' }, `${who} · ${time}`), el('p', {}, m.body)),
    );
    this.log.scrollTop = this.log.scrollHeight;
  }

  async start(input: Record<string, string | undefined>): Promise<Record<string, unknown>> {
    const r = (await this.connect().emitWithAck('chat:start', { ...input, language: this.lang })) as Record<string, unknown>;
    if (r.ok) {
      sessionStorage.setItem(STORE_KEY, JSON.stringify({ ticketNumber: r.ticketNumber, token: r.token }));
      for (const m of (r.messages as ChatMessage[]) ?? []) this.show(m);
    }
    return r;
  }

  async resume(saved: Saved): Promise<boolean> {
    const r = (await this.connect().emitWithAck('chat:resume', saved)) as { ok: boolean; messages?: ChatMessage[] };
    if (!r.ok) {
      sessionStorage.removeItem(STORE_KEY);
      return false;
    }
    for (const m of r.messages ?? []) this.show(m);
    return true;
  }

  private async sendMessage(): Promise<void> {
    const body = this.input.value.trim();
    if (!body || !this.socket) return;
    this.input.value = '';
    const r = (await this.socket.emitWithAck('chat:message', { clientId: randomId(), body })) as { ok: boolean; message?: ChatMessage };
    if (r.ok && r.message) this.show(r.message);
    else this.input.value = body;
    this.input.focus();
  }

  end(): void {
    sessionStorage.removeItem(STORE_KEY);
    this.socket?.disconnect();
    this.socket = null;
  }
}
