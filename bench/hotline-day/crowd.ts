// bench/hotline-day, the people: agents' and supervisors' consoles in a process of their
// own (socket.io to /agents, REST with the session cookie), doing what web/src/console.ts
// does when a person uses it. Agents go available, accept push offers (phone, urgent) and
// pick waiting work from the pull queues they see, within their capacity per channel;
// claim, open the ticket, type a reply (its body carries "HDR:<ticketId>" so the sinks can
// time its delivery), resolve. Every pause is a think time drawn from a log-normal.
// Records when each ticket's `ticket:queued` first reached an agent's screen here.
// IPC: "start" + spec → {connected}; "report" → CrowdReport; "stop" → disconnects, exits.
import { io, type Socket } from 'socket.io-client';
import { nowMs, thinkMs } from './measure';

export interface CrowdAgent {
  id: string;
  cookie: string;
  url: string;
  role: 'agent' | 'supervisor';
  channels: string[];
  capacity: Record<string, number>;
}

export interface Think {
  /** Reaction to new work in a list, and to an offer (median ms). */
  pickMs: number;
  offerMs: number;
  /** Reading and typing a reply, by channel (median ms). */
  typeMs: Record<string, number>;
  /** From the reply to resolving. */
  resolveMs: number;
  /** A call's conversation. */
  talkMs: number;
}

export interface CrowdReport {
  /** ticketId → epoch ms of the first `ticket:queued` on an agent's socket in this process. */
  firstQueued: Record<string, number>;
  claims: { ok: number; conflict: number; failed: number; ms: number[] };
  offers: { received: number; accepted: number };
  /** Replies sent: the ticket, its channel, the claim's duration and when the reply was sent. */
  replies: Array<{ ticketId: string; channel: string; claimMs: number; sentAt: number; replyMs: number; ok: boolean }>;
  /** Voice claims: ticket and the claim's start (its bridge is timed from there). */
  voiceClaims: Array<{ ticketId: string; at: number; claimMs: number }>;
  resolved: number;
  httpFailures: Record<string, number>;
  connected: number;
  disconnects: number;
}

const report: CrowdReport = {
  firstQueued: {},
  claims: { ok: 0, conflict: 0, failed: 0, ms: [] },
  offers: { received: 0, accepted: 0 },
  replies: [],
  voiceClaims: [],
  resolved: 0,
  httpFailures: {},
  connected: 0,
  disconnects: 0,
};
let stopped = false;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const REPLY_CHANNELS = new Set(['sms', 'email', 'web']);

class Person {
  socket: Socket | null = null;
  private readonly load = new Map<string, number>();
  private readonly waiting = new Map<string, { queue: string; channel: string; enqueuedAt: number }>();
  private readonly pullQueues = new Set<string>();
  private picking = false;

  constructor(
    private readonly spec: CrowdAgent,
    private readonly think: Think,
  ) {}

  private async api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    try {
      const res = await fetch(this.spec.url + path, {
        method,
        headers: { cookie: this.spec.cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      if (res.status >= 500 || res.status === 401 || res.status === 403 || res.status === 429) this.failed(`${method} ${res.status}`);
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    } catch (err) {
      this.failed(`${method} ${(err as Error).name}`);
      return { status: 0, body: undefined };
    }
  }

  private failed(what: string): void {
    report.httpFailures[what] = (report.httpFailures[what] ?? 0) + 1;
  }

  connect(): Promise<void> {
    const s = io(`${this.spec.url}/agents`, {
      transports: ['websocket'],
      extraHeaders: { cookie: this.spec.cookie },
      reconnection: true,
      forceNew: true,
    });
    this.socket = s;
    s.on('disconnect', () => {
      if (!stopped) report.disconnects += 1;
    });
    if (this.spec.role === 'agent') this.listen(s);
    return new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
  }

  async available(): Promise<void> {
    if (this.spec.role === 'agent') await this.api('POST', '/api/agents/me/presence', { state: 'available' });
  }

  private listen(s: Socket): void {
    s.on('queue:snapshot', (snap: { queues: Array<{ id: string; mode: string }>; items: Array<any> }) => {
      for (const q of snap.queues) if (q.mode === 'pull') this.pullQueues.add(q.id);
      for (const i of snap.items)
        if (i.state === 'waiting')
          this.waiting.set(i.ticketId, { queue: i.queue, channel: i.channel, enqueuedAt: Date.parse(i.enqueuedAt) });
      this.schedulePick();
    });
    s.on('ticket:queued', (p: { ticketId: string; queue: string; channel: string; enqueuedAt: string }) => {
      const at = nowMs();
      const seen = report.firstQueued[p.ticketId];
      if (seen === undefined || at < seen) report.firstQueued[p.ticketId] = at;
      this.waiting.set(p.ticketId, { queue: p.queue, channel: p.channel, enqueuedAt: Date.parse(p.enqueuedAt) });
      this.schedulePick();
    });
    s.on('ticket:updated', (p: { ticketId: string; status?: string; transferred?: boolean }) => {
      if ((p.status && p.status !== 'queued') || p.transferred) this.waiting.delete(p.ticketId);
    });
    s.on('ticket:claimed', (p: { ticketId: string; agentId: string }) => {
      this.waiting.delete(p.ticketId);
      // The console refreshes its snapshot for the SLA countdowns of its own tickets.
      if (p.agentId === this.spec.id) s.emit('snapshot:get', () => undefined);
    });
    s.on('ticket:resolved', (p: { ticketId: string }) => this.waiting.delete(p.ticketId));
    s.on('ticket:offered', (p: { ticketId: string; agentId: string; channel: string }) => {
      if (p.agentId !== this.spec.id) return;
      report.offers.received += 1;
      setTimeout(() => {
        if (stopped) return;
        report.offers.accepted += 1;
        void this.claim(p.ticketId, p.channel);
      }, thinkMs(this.think.offerMs));
    });
  }

  private room(channel: string): boolean {
    return this.spec.channels.includes(channel) && (this.load.get(channel) ?? 0) < (this.spec.capacity[channel] ?? 0);
  }

  private schedulePick(): void {
    if (this.picking || stopped) return;
    if (![...this.waiting.values()].some((i) => this.pullQueues.has(i.queue) && this.room(i.channel))) return;
    this.picking = true;
    setTimeout(
      () =>
        void this.pick().finally(() => {
          this.picking = false;
          this.schedulePick();
        }),
      thinkMs(this.think.pickMs),
    );
  }

  /** One of the oldest few items the agent may take: people do not all click the first row. */
  private async pick(): Promise<void> {
    if (stopped) return;
    const candidates = [...this.waiting.entries()]
      .filter(([, i]) => this.pullQueues.has(i.queue) && this.room(i.channel))
      .sort((a, b) => a[1].enqueuedAt - b[1].enqueuedAt)
      .slice(0, 3);
    const chosen = candidates[Math.floor(Math.random() * candidates.length)];
    if (!chosen) return;
    this.waiting.delete(chosen[0]);
    await this.claim(chosen[0], chosen[1].channel);
  }

  private async claim(ticketId: string, channel: string): Promise<void> {
    const at = nowMs();
    const res = await this.api('POST', `/api/tickets/${ticketId}/claim`);
    const claimMs = nowMs() - at;
    report.claims.ms.push(Math.round(claimMs * 10) / 10);
    if (res.status !== 200) {
      if (res.status === 409) report.claims.conflict += 1;
      else report.claims.failed += 1;
      return;
    }
    report.claims.ok += 1;
    this.load.set(channel, (this.load.get(channel) ?? 0) + 1);
    if (channel === 'voice') report.voiceClaims.push({ ticketId, at, claimMs });
    void this.work(ticketId, channel, claimMs).finally(() => {
      this.load.set(channel, Math.max(0, (this.load.get(channel) ?? 0) - 1));
      this.schedulePick();
    });
  }

  private async work(ticketId: string, channel: string, claimMs: number): Promise<void> {
    await this.api('GET', `/api/tickets/${ticketId}`);
    if (REPLY_CHANNELS.has(channel)) {
      await sleep(thinkMs(this.think.typeMs[channel] ?? 10_000));
      if (stopped) return;
      const sentAt = nowMs();
      const r = await this.api('POST', `/api/tickets/${ticketId}/reply`, {
        body: `Gentile cliente, abbiamo verificato la sua richiesta e la bolletta è corretta. Rif. HDR:${ticketId}`,
      });
      report.replies.push({ ticketId, channel, claimMs, sentAt, replyMs: nowMs() - sentAt, ok: r.status === 201 });
      await this.api('GET', `/api/tickets/${ticketId}`);
      await sleep(thinkMs(this.think.resolveMs));
    } else {
      await sleep(thinkMs(this.think.talkMs));
    }
    if (stopped) return;
    const done = await this.api('POST', `/api/tickets/${ticketId}/resolve`, { outcome: 'answered' });
    if (done.status === 200) report.resolved += 1;
    await this.api('GET', `/api/tickets/${ticketId}`);
  }
}

const people: Person[] = [];

async function start(spec: { agents: CrowdAgent[]; think: Think }): Promise<number> {
  for (let i = 0; i < spec.agents.length; i += 20) {
    const batch = spec.agents.slice(i, i + 20).map((a) => new Person(a, spec.think));
    await Promise.all(batch.map((p) => p.connect()));
    people.push(...batch);
  }
  report.connected = people.length;
  for (let i = 0; i < people.length; i += 20) await Promise.all(people.slice(i, i + 20).map((p) => p.available()));
  return people.length;
}

process.on('disconnect', () => process.exit(0));
process.on('message', (m: { type: string; spec?: { agents: CrowdAgent[]; think: Think } }) => {
  if (m.type === 'start' && m.spec) {
    start(m.spec).then(
      (connected) => process.send?.({ connected }),
      (err: unknown) => process.send?.({ error: String(err) }),
    );
  } else if (m.type === 'report') {
    process.send?.(report);
  } else if (m.type === 'stop') {
    stopped = true;
    for (const p of people) p.socket?.disconnect();
    process.send?.({ stopped: true }, () => process.exit(0));
  }
});
process.send?.({ ready: true });
