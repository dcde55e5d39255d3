// A console's socket.io connection to the `/agents` namespace, authenticated with a
// Session's cookie, recording every event so tests can wait for one.
import { io, type Socket } from 'socket.io-client';
import { waitFor } from './wait-for';

export interface AgentSocket {
  socket: Socket;
  events: Array<{ name: string; payload: any; at: number }>;
  /** Waits for an event (after `since`, an index into `events`) matching `pred`. */
  next(name: string, pred?: (p: any) => boolean, timeoutMs?: number, since?: number): Promise<any>;
  close(): void;
}

export async function connectAgentSocket(baseUrl: string, cookie: string): Promise<AgentSocket> {
  const socket = io(`${baseUrl}/agents`, {
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true,
  });
  const events: AgentSocket['events'] = [];
  socket.onAny((name: string, payload: unknown) => events.push({ name, payload, at: Date.now() }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return {
    socket,
    events,
    next: (name, pred = () => true, timeoutMs = 10_000, since = 0) =>
      waitFor(() => events.slice(since).find((e) => e.name === name && pred(e.payload))?.payload, timeoutMs, `socket event ${name}`),
    close: () => void socket.disconnect(),
  };
}
