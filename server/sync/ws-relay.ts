import { WebSocket } from 'ws';

// A client connected to a process that does not own its sheet is relayed, frame for frame,
// to the owner (ADR 018). The owner sees an ordinary y-websocket connection and applies its
// authority as for any other; this relay only copies bytes and ties the two lifetimes.

/** Close codes a peer may be sent (1005, 1006 and 1015 are reserved for the local side). */
const sendableCode = (code: number) =>
  code === 1000 ||
  (code >= 1001 && code <= 1014 && code !== 1005 && code !== 1006) ||
  (code >= 3000 && code < 5000)
    ? code
    : 1001;

/** The owner's socket, and the frames it sent before the relay started. */
export interface Upstream {
  readonly socket: WebSocket;
  readonly early: { data: WebSocket.RawData; isBinary: boolean }[];
}

export type UpstreamResult =
  | { readonly ok: true; readonly upstream: Upstream }
  | { readonly ok: false; readonly refused: boolean; readonly error: string };

/** Opens the owner's websocket, or says why not (`refused`: nothing listens there). */
export function openUpstream(url: string, timeoutMs: number): Promise<UpstreamResult> {
  return new Promise((resolve) => {
    const upstream = new WebSocket(url, { handshakeTimeout: timeoutMs, perMessageDeflate: false });
    upstream.binaryType = 'nodebuffer';
    const fail = (refused: boolean, error: string) => {
      upstream.removeAllListeners();
      upstream.on('error', () => {});
      upstream.terminate();
      resolve({ ok: false, refused, error });
    };
    upstream.once('open', () => {
      upstream.removeAllListeners();
      // The owner speaks first (its sync step 1): keep it until the relay is wired.
      const early: Upstream['early'] = [];
      upstream.on('message', (data, isBinary) => early.push({ data, isBinary }));
      upstream.on('error', () => {});
      resolve({ ok: true, upstream: { socket: upstream, early } });
    });
    upstream.once('unexpected-response', (_request, response) =>
      fail(false, `HTTP ${response.statusCode}`),
    );
    upstream.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'ECONNREFUSED', String(error)),
    );
  });
}

/**
 * Copies every frame both ways until either side closes, then closes the other with the same
 * code. The client side is pinged so that a vanished phone frees its place at the owner.
 */
export function relay(client: WebSocket, owner: Upstream, pingIntervalMs: number): void {
  const upstream = owner.socket;
  upstream.removeAllListeners('message');
  upstream.removeAllListeners('error');
  for (const { data, isBinary } of owner.early.splice(0)) {
    client.send(data, { binary: isBinary });
  }
  if (upstream.readyState !== WebSocket.OPEN) {
    client.close(1001, 'propriétaire de la feuille parti');
    return;
  }
  let closed = false;
  const closeBoth = (code: number, reason: Buffer | string) => {
    if (closed) {
      return;
    }
    closed = true;
    clearInterval(pinger);
    const text = reason.toString().slice(0, 120);
    for (const socket of [client, upstream]) {
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) {
        socket.close(sendableCode(code), text);
      }
    }
  };
  client.on('message', (data, isBinary) => upstream.send(data, { binary: isBinary }));
  upstream.on('message', (data, isBinary) => client.send(data, { binary: isBinary }));
  client.on('close', closeBoth);
  upstream.on('close', closeBoth);
  for (const socket of [client, upstream]) {
    socket.on('error', () => {
      socket.terminate();
      closeBoth(1011, 'relais interrompu');
    });
  }
  let alive = true;
  client.on('pong', () => {
    alive = true;
  });
  const pinger = setInterval(() => {
    if (!alive) {
      client.terminate();
      return;
    }
    alive = false;
    client.ping();
  }, pingIntervalMs);
  pinger.unref();
}
