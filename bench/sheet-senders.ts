/**
 * Child process of bench/sheet.ts for the sustained rate: 49 households, each a Y.Doc on a
 * raw websocket sending its updates as y-websocket does; what the server relays is read
 * from the socket and dropped undecoded. In its own process, so that its schedule does not
 * delay the observer whose latency is measured. Times are absolute (timeOrigin + now), comparable across
 * processes on one machine.
 *
 * IPC: receives `{ type: 'start', ... }`, answers `ready`, then `done` with the edits sent
 * during the measured window (`key=value` → time sent).
 */
import { performance } from 'node:perf_hooks';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';

export interface SendersTask {
  readonly type: 'start';
  readonly url: string;
  readonly households: readonly { userId: string; householdId: string }[];
  readonly productIds: readonly string[];
  readonly rate: number;
  readonly warmUpMs: number;
  readonly windowMs: number;
}

const now = () => performance.timeOrigin + performance.now();
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(task: SendersTask) {
  const senders = await Promise.all(
    task.households.map(
      (household) =>
        new Promise<{ householdId: string; doc: Y.Doc; ws: WebSocket; sent: number }>((resolve) => {
          const doc = new Y.Doc();
          const ws = new WebSocket(`${task.url}?user=${household.userId}`);
          doc.on('update', (update: Uint8Array) => {
            const encoder = encoding.createEncoder();
            encoding.writeVarUint(encoder, 0);
            encoding.writeVarUint(encoder, 2);
            encoding.writeVarUint8Array(encoder, update);
            if (ws.readyState === ws.OPEN) {
              ws.send(encoding.toUint8Array(encoder));
            }
          });
          ws.on('open', () => {
            // What is relayed is read and dropped without decoding: the server pays for
            // delivering every frame (as to a real client), while this process does not
            // decode 49 × every relayed frame and fall behind its own schedule.
            const socket = (ws as unknown as { _socket: NodeJS.EventEmitter })._socket;
            socket.removeAllListeners('data');
            socket.on('data', () => {});
            resolve({ householdId: household.householdId, doc, ws, sent: 0 });
          });
        }),
    ),
  );
  process.send!({ type: 'ready' });
  const sent: Array<[string, number]> = [];
  let measuring = false;
  const perSender = task.rate / senders.length;
  const started = performance.now();
  const timer = setInterval(() => {
    const due = ((performance.now() - started) / 1000) * perSender;
    for (const sender of senders) {
      while (sender.sent < due) {
        sender.sent++;
        const key = `${sender.householdId}:${task.productIds[sender.sent % task.productIds.length]}`;
        const value = sender.sent * 1000;
        if (measuring) {
          sent.push([`${key}=${value}`, now()]);
        }
        sender.doc.getMap<number>('cells').set(key, value);
      }
    }
  }, 10);
  await wait(task.warmUpMs);
  measuring = true;
  await wait(task.windowMs);
  measuring = false;
  clearInterval(timer);
  process.send!({ type: 'done', sent });
  for (const sender of senders) {
    sender.ws.close();
  }
}

process.on('message', (task: SendersTask) => {
  void run(task).then(() => setTimeout(() => process.exit(0), 200));
});
