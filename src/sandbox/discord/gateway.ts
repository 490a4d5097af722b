import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { DiscordJson } from './payloads.external.ts';
import { guildOfDispatch, parseShard, type ShardSpec, shardHolds } from './shards.ts';
import { randomToken } from './snowflake.ts';

// Gateway opcodes and close codes. https://discord.com/developers/docs/topics/opcodes-and-status-codes
const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  Resume: 6,
  RequestMembers: 8,
  InvalidSession: 9,
} as const;
const Close = {
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidShard: 4010,
  DisallowedIntents: 4014,
};
const HEARTBEAT_INTERVAL_MS = 41_250;
// Enough for the dispatches missed during a dropped connection; Discord also keeps a bounded buffer.
const HISTORY_LIMIT = 1000;

/** One identified gateway session; it outlives its socket so the client can RESUME it. */
export interface GatewaySession {
  readonly id: string;
  readonly intents: number;
  /** The shard this session identified as; it gets only its guilds' events (and DMs on shard 0). */
  readonly shard: ShardSpec;
  socket: WebSocket | null;
  sequence: number;
  readonly history: { s: number; t: string; d: DiscordJson }[];
}

/** What the gateway asks of the rest of the fake. */
export interface GatewayHooks {
  readonly token: string;
  /** READY's data for a new session. */
  readyPayload(session: GatewaySession): DiscordJson;
  /** Whether the application may ask for these intents (privileged ones must be switched on). */
  allowsIntents(intents: number): boolean;
  /** Called after READY was sent: GUILD_CREATE for each guild goes out from here. */
  afterReady(session: GatewaySession): void;
  /** Answer to op 8 Request Guild Members: one GUILD_MEMBERS_CHUNK's data. */
  membersChunk(request: DiscordJson): DiscordJson | undefined;
}

/** The fake gateway: HELLO, IDENTIFY → READY, heartbeats, RESUME with replay, dispatches. */
export class Gateway {
  readonly #server = new WebSocketServer({ noServer: true });
  readonly sessions = new Map<string, GatewaySession>();
  /** How many IDENTIFYs were answered with READY. */
  readyCount = 0;

  constructor(private readonly hooks: GatewayHooks) {}

  /** Takes over an HTTP upgrade request. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#server.handleUpgrade(request, socket, head, (webSocket) => this.#open(webSocket));
  }

  /**
   * Sends an event to every session whose shard holds its guild; `payloadFor` returns undefined for a
   * session that must not get it.
   */
  dispatch(t: string, payloadFor: (session: GatewaySession) => DiscordJson | undefined): void {
    for (const session of this.sessions.values()) {
      const d = payloadFor(session);
      if (d !== undefined && shardHolds(session.shard, guildOfDispatch(t, d))) this.send(session, t, d);
    }
  }

  /** Sends one dispatch to one session, or keeps it for the RESUME replay while it has no socket. */
  send(session: GatewaySession, t: string, d: DiscordJson): void {
    session.sequence += 1;
    const event = { s: session.sequence, t, d };
    session.history.push(event);
    if (session.history.length > HISTORY_LIMIT) session.history.shift();
    session.socket?.send(JSON.stringify({ op: Op.Dispatch, ...event }));
  }

  /**
   * Closes every socket with `code`. Sessions stay resumable, as after a Discord-side disconnect, except
   * for 4007 (invalid seq) and 4009 (session timed out), after which Discord wants a new IDENTIFY.
   */
  drop(code: number): void {
    const endsSessions = code === 4007 || code === 4009;
    for (const session of this.sessions.values()) {
      session.socket?.close(code, 'dropped by the fake Discord');
      session.socket = null;
    }
    if (endsSessions) this.sessions.clear();
  }

  /** Closes every socket and forgets the sessions. */
  async close(): Promise<void> {
    for (const client of this.#server.clients) client.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #open(socket: WebSocket): void {
    let session: GatewaySession | undefined;
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS } }));
    socket.on('message', (data: RawData) => {
      const payload = parse(data);
      if (!payload) return socket.close(Close.DecodeError, 'Error while decoding payload.');
      if (payload.op === Op.Heartbeat) return socket.send(JSON.stringify({ op: 11 }));
      if (payload.op === Op.Identify || payload.op === Op.Resume) {
        if (session) return socket.close(Close.AlreadyAuthenticated, 'Already authenticated.');
        if (payload.d?.token !== this.hooks.token)
          return socket.close(Close.AuthenticationFailed, 'Authentication failed.');
        if (payload.op === Op.Identify && !parseShard(payload.d?.shard))
          return socket.close(Close.InvalidShard, 'Invalid shard.');
        if (payload.op === Op.Identify && !this.hooks.allowsIntents(Number(payload.d?.intents ?? 0)))
          return socket.close(Close.DisallowedIntents, 'Disallowed intent(s).');
        session =
          payload.op === Op.Identify ? this.#identify(socket, payload.d) : this.#resume(socket, payload.d);
        return;
      }
      if (!session) return socket.close(Close.NotAuthenticated, 'Not authenticated.');
      if (payload.op === Op.RequestMembers) {
        const chunk = this.hooks.membersChunk(payload.d);
        if (chunk) this.send(session, 'GUILD_MEMBERS_CHUNK', chunk);
      }
    });
    socket.on('close', (code: number) => {
      if (!session || session.socket !== socket) return;
      session.socket = null;
      // A client closing with 1000/1001 ends its session; any other code keeps it resumable.
      if (code === 1000 || code === 1001) this.sessions.delete(session.id);
    });
  }

  #identify(socket: WebSocket, data: DiscordJson): GatewaySession {
    const session: GatewaySession = {
      id: randomToken(16),
      intents: Number(data.intents ?? 0),
      shard: parseShard(data.shard) ?? [0, 1],
      socket,
      sequence: 0,
      history: [],
    };
    this.sessions.set(session.id, session);
    this.send(session, 'READY', this.hooks.readyPayload(session));
    this.readyCount += 1;
    this.hooks.afterReady(session);
    return session;
  }

  #resume(socket: WebSocket, data: DiscordJson): GatewaySession | undefined {
    const session = this.sessions.get(String(data.session_id));
    if (!session) {
      // Not resumable: op 9 with d=false tells discord.js to identify again on a new connection.
      socket.send(JSON.stringify({ op: Op.InvalidSession, d: false }));
      return undefined;
    }
    session.socket?.close(4000, 'resumed elsewhere');
    session.socket = socket;
    for (const event of session.history)
      if (event.s > Number(data.seq ?? 0)) socket.send(JSON.stringify({ op: Op.Dispatch, ...event }));
    this.send(session, 'RESUMED', {});
    return session;
  }
}

function parse(data: RawData): DiscordJson | undefined {
  try {
    const payload = JSON.parse(data.toString());
    return payload && typeof payload === 'object' ? payload : undefined;
  } catch {
    return undefined;
  }
}
