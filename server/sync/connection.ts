import * as decoding from 'lib0/decoding';
import type { RawData, WebSocket } from 'ws';
import type { AwarenessPeer } from './awareness-relay.ts';
import { type CabasMessage, encodeCabasMessage } from './client-messages.ts';
import type { DocSession } from './doc-session.ts';
import {
  encodeSyncStep1,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  SYNC_STEP_1,
  SYNC_STEP_2,
  SYNC_UPDATE,
} from './protocol.ts';
import { NOTICES } from './rejections.ts';
import type { ConnectionContext, Principal } from './types.ts';

// Messages received before the sheet is loaded wait here; a client sends two or three.
const MAX_BUFFERED_MESSAGES = 64;

/**
 * One websocket on one sheet. Nothing is answered before the document is loaded (the
 * @y/websocket-server race: a first sync against an empty document); then it sends sync
 * step 1 and the presence snapshot, and replays what arrived meanwhile.
 */
export class Connection implements AwarenessPeer {
  readonly awarenessClients = new Set<number>();
  readOnly: boolean;
  deferredUpdates = 0;
  private invalidUpdates = 0;
  private ready = false;
  private closed = false;
  private buffered: Uint8Array[] = [];
  private pongReceived = true;
  private readonly pingTimer: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly context: ConnectionContext,
    private readonly session: DocSession,
  ) {
    this.readOnly = context.readOnly;
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('close', () => this.detach());
    ws.on('error', (error) => {
      session.logger.warn('sync.socket-error', { sheetId: session.sheetId, error: String(error) });
    });
    ws.on('pong', () => {
      this.pongReceived = true;
    });
    this.pingTimer = setInterval(() => this.keepAlive(), session.limits.pingIntervalMs);
    this.pingTimer.unref();
  }

  get principal(): Principal {
    return this.context.principal;
  }

  get isReady(): boolean {
    return this.ready && !this.closed;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  start(): void {
    if (this.closed) {
      return;
    }
    this.ready = true;
    this.send(encodeSyncStep1(this.session.doc));
    const presence = this.session.awareness.snapshotMessage();
    if (presence !== null) {
      this.send(presence);
    }
    if (this.session.isClosedForWrites) {
      this.readOnly = true;
      this.sendNotice({ type: 'read-only', ...NOTICES.sheetClosed });
    } else if (this.readOnly) {
      this.sendNotice({ type: 'read-only', ...NOTICES.readOnly });
    }
    const buffered = this.buffered;
    this.buffered = [];
    for (const message of buffered) {
      this.handle(message);
    }
  }

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) {
      return;
    }
    this.ws.send(message, (error) => {
      if (error !== undefined && error !== null) {
        this.close(1011, 'envoi impossible');
      }
    });
  }

  sendNotice(notice: CabasMessage): void {
    this.send(encodeCabasMessage(notice));
  }

  noteInvalidUpdate(): void {
    this.invalidUpdates++;
    if (this.invalidUpdates > this.session.limits.maxInvalidUpdatesPerConnection) {
      // 4400–4499: the stock client does not reconnect (y-websocket defaultShouldReconnect).
      this.close(4400, 'trop de modifications invalides');
    }
  }

  close(code: number, reason: string): void {
    if (this.closed) {
      return;
    }
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
    this.detach();
  }

  private detach(): void {
    this.closed = true;
    this.buffered = [];
    clearInterval(this.pingTimer);
    this.session.removeConnection(this);
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.closed || !isBinary) {
      return; // the y-websocket protocol is binary only
    }
    const bytes = toBytes(data);
    if (bytes.length > this.session.limits.maxMessageBytes) {
      this.close(4413, 'message trop volumineux');
      return;
    }
    if (this.ready) {
      this.handle(bytes);
    } else if (this.buffered.push(bytes) > MAX_BUFFERED_MESSAGES) {
      this.close(4500, 'trop de messages');
    }
  }

  private handle(bytes: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(bytes);
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === SYNC_STEP_1) {
          this.session.queue.push({ kind: 'step1', connection: this, stateVector: payload });
        } else if (step === SYNC_STEP_2 || step === SYNC_UPDATE) {
          const live = step === SYNC_UPDATE;
          this.session.queue.push({ kind: 'update', connection: this, bytes: payload, live });
        } else {
          throw new Error(`unknown sync step ${step}`);
        }
      } else if (type === MESSAGE_AWARENESS) {
        this.session.awareness.apply(this, decoding.readVarUint8Array(decoder));
      } else if (type === MESSAGE_QUERY_AWARENESS) {
        const presence = this.session.awareness.snapshotMessage();
        if (presence !== null) {
          this.send(presence);
        }
      }
      // Auth (2) and unknown types are ignored, as the stock server does.
    } catch {
      this.close(4400, 'message invalide');
    }
  }

  private keepAlive(): void {
    if (!this.pongReceived) {
      this.ws.terminate();
      this.detach();
      return;
    }
    this.pongReceived = false;
    try {
      this.ws.ping();
    } catch {
      this.close(1011, 'connexion perdue');
    }
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) {
    return Buffer.concat(data);
  }
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
