import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import {
  keepaliveFrame,
  reconnectFrame,
  type SessionBody,
  welcomeFrame,
} from './eventsub-frames.external.ts';
import { randomToken } from './random.ts';

/** A WebSocket session as tests see it. */
export interface EventSubSessionInfo {
  readonly id: string;
  readonly status: 'connected' | 'reconnecting';
  readonly connectedAt: string;
}

interface Session {
  readonly id: string;
  readonly keepaliveSeconds: number;
  readonly connectedAt: string;
  socket: WebSocket;
  status: 'connected' | 'reconnecting';
  used: boolean;
  keepaliveTimer?: NodeJS.Timeout;
  graceTimer?: NodeJS.Timeout;
}

// Twitch's close codes (https://dev.twitch.tv/docs/eventsub/websocket-reference/#close-message).
const CLIENT_SENT_TRAFFIC = 4001;
const CONNECTION_UNUSED = 4003;
const RECONNECT_GRACE_EXPIRED = 4004;
const INVALID_RECONNECT = 4007;
const RECONNECT_GRACE_MS = 30_000;

/**
 * The sockets of `/ws` as Twitch runs them: a welcome first, keepalives when nothing else was sent,
 * 4003 for a session that never subscribed, 4001 for a client that talks, and reconnects that move the
 * session (same id, same subscriptions) to a new socket within 30 s or end it with 4004.
 */
export class EventSubSessions {
  readonly #server = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, Session>();
  readonly #reconnects = new Map<string, Session>();

  constructor(
    private readonly wsBaseUrl: () => string,
    private readonly defaultKeepaliveSeconds: number,
    /** Told when a session ends, so its subscriptions go with it. */
    private readonly onEnd: (sessionId: string) => void,
  ) {}

  /** Takes over an HTTP upgrade to `/ws`. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, query: URLSearchParams): void {
    this.#server.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, query));
  }

  /** The open sessions. */
  list(): EventSubSessionInfo[] {
    return [...this.#sessions.values()].map(({ id, status, connectedAt }) => ({ id, status, connectedAt }));
  }

  /** When a session connected, or undefined when it is not open. */
  connectedAt(sessionId: string): string | undefined {
    return this.#sessions.get(sessionId)?.connectedAt;
  }

  /** Notes that a session has a subscription, so it is not closed as unused. */
  markUsed(sessionId: string): void {
    const session = this.#sessions.get(sessionId);
    if (session) session.used = true;
  }

  /** Sends a frame to a session's current socket; false when it cannot take it. */
  send(sessionId: string, frame: string): boolean {
    const session = this.#sessions.get(sessionId);
    return session ? this.#send(session, frame) : false;
  }

  /** Sends `session_reconnect` to a session (every session when none is given); returns their ids. */
  requestReconnect(sessionId?: string): string[] {
    const targets = sessionId ? [this.#session(sessionId)] : [...this.#sessions.values()];
    for (const session of targets) {
      const reconnectId = randomToken(24);
      this.#reconnects.set(reconnectId, session);
      session.status = 'reconnecting';
      const url = `${this.wsBaseUrl()}/ws?reconnect_id=${reconnectId}`;
      this.#send(session, JSON.stringify(reconnectFrame(this.#sessionBody(session, url))));
      session.graceTimer = setTimeout(() => {
        this.#reconnects.delete(reconnectId);
        if (this.#isOpen(session))
          this.close(session.id, RECONNECT_GRACE_EXPIRED, 'reconnect grace time expired');
      }, RECONNECT_GRACE_MS).unref();
    }
    return targets.map((session) => session.id);
  }

  /** Closes a session's socket with a close code (Twitch's are 4000-4007) and ends the session. */
  close(sessionId: string, code: number, reason = ''): void {
    const session = this.#session(sessionId);
    this.#end(session);
    session.socket.close(code, reason);
  }

  /** Terminates every socket. */
  closeAll(): void {
    for (const session of this.#sessions.values()) this.#end(session);
    for (const client of this.#server.clients) client.terminate();
    this.#server.close();
  }

  #accept(socket: WebSocket, query: URLSearchParams): void {
    const reconnectId = query.get('reconnect_id');
    if (reconnectId !== null) {
      this.#resume(socket, reconnectId);
      return;
    }
    const asked = Number(query.get('keepalive_timeout_seconds'));
    const keepaliveSeconds = asked >= 10 && asked <= 600 ? asked : this.defaultKeepaliveSeconds;
    const connectedAt = new Date().toISOString();
    const session: Session = {
      id: crypto.randomUUID(),
      keepaliveSeconds,
      connectedAt,
      socket,
      status: 'connected',
      used: false,
    };
    this.#sessions.set(session.id, session);
    this.#watch(session, socket);
    this.#send(session, JSON.stringify(welcomeFrame(this.#sessionBody(session, null))));
    // Twitch closes a session that has no subscription once the keepalive timeout has passed.
    setTimeout(() => {
      if (this.#isOpen(session) && !session.used)
        this.close(session.id, CONNECTION_UNUSED, 'connection unused');
    }, keepaliveSeconds * 1000).unref();
  }

  // The new socket takes the session over; the old one gets nothing more and is left for the client to close.
  #resume(socket: WebSocket, reconnectId: string): void {
    const session = this.#reconnects.get(reconnectId);
    this.#reconnects.delete(reconnectId);
    if (!session || !this.#isOpen(session)) {
      socket.close(INVALID_RECONNECT, 'invalid reconnect');
      return;
    }
    clearTimeout(session.graceTimer);
    session.socket = socket;
    session.status = 'connected';
    this.#watch(session, socket);
    this.#send(session, JSON.stringify(welcomeFrame(this.#sessionBody(session, null))));
  }

  #watch(session: Session, socket: WebSocket): void {
    const current = () => session.socket === socket && this.#isOpen(session);
    // Twitch allows no inbound traffic but pongs.
    socket.on('message', () => {
      if (current()) this.close(session.id, CLIENT_SENT_TRAFFIC, 'client sent inbound traffic');
    });
    socket.on('close', () => {
      if (current() && session.status === 'connected') this.#end(session);
    });
  }

  #send(session: Session, frame: string): boolean {
    if (session.socket.readyState !== WebSocket.OPEN) return false;
    session.socket.send(frame);
    // A keepalive comes when nothing else was sent for a while: any frame restarts the wait.
    clearTimeout(session.keepaliveTimer);
    session.keepaliveTimer = setTimeout(
      () => this.#send(session, JSON.stringify(keepaliveFrame())),
      Math.max(1, session.keepaliveSeconds - 1) * 1000,
    ).unref();
    return true;
  }

  #end(session: Session): void {
    clearTimeout(session.keepaliveTimer);
    clearTimeout(session.graceTimer);
    if (this.#sessions.delete(session.id)) this.onEnd(session.id);
  }

  #isOpen(session: Session): boolean {
    return this.#sessions.get(session.id) === session;
  }

  #session(sessionId: string): Session {
    const session = this.#sessions.get(sessionId);
    if (!session) throw new Error(`no EventSub session ${sessionId}`);
    return session;
  }

  #sessionBody(session: Session, reconnectUrl: string | null): SessionBody {
    return {
      id: session.id,
      status: reconnectUrl ? 'reconnecting' : 'connected',
      connected_at: session.connectedAt,
      keepalive_timeout_seconds: reconnectUrl ? null : session.keepaliveSeconds,
      reconnect_url: reconnectUrl,
      recovery_url: null,
    };
  }
}
