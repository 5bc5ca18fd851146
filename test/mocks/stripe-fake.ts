import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/**
 * A local fake of the few Stripe endpoints Cabas uses, speaking Stripe's wire format
 * (form-encoded requests with bracketed keys, Stripe-shaped JSON objects, `Idempotency-Key`
 * replay, error bodies `{ error: { type, message } }`), so the app runs the official `stripe`
 * client against it unchanged (its host/port/protocol settings). It also serves the hosted
 * pages a household and a producer see: a Checkout page whose « Payer » button completes the
 * session, sends a real signed `checkout.session.completed` webhook (generateTestHeaderString)
 * and redirects to `success_url`; and an Express onboarding page that enables the account and
 * sends `account.updated`.
 */
export type StripeFakeOptions = {
  webhookSecret: string;
  /** Where signed events go: a URL (the app's /webhooks/stripe) or a function (in-process tests). */
  deliver: string | ((payload: string, signature: string) => Promise<Response>);
  /** Refunds are created 'succeeded' (cards, default) or 'pending' until `settleRefund`. */
  refundMode?: 'succeeded' | 'pending';
  port?: number;
};

type StripeObject = Record<string, unknown> & { id: string };
type Json = Record<string, unknown>;

export type FakeRequest = {
  method: string;
  path: string;
  idempotencyKey: string | null;
  body: Json;
};

export type StripeFake = Awaited<ReturnType<typeof startStripeFake>>;

const API_VERSION = '2026-10-28.endive';

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/** `a[b][0][c]=v` → `{ a: { b: [{ c: 'v' }] } }`, as Stripe reads its form bodies. */
export function parseStripeForm(body: string): Json {
  const root: Json = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const [head, ...rest] = rawKey.split('[');
    const path = [head!, ...rest.map((part) => part.replace(/\]$/, ''))];
    let node: Record<string, unknown> | unknown[] = root;
    path.forEach((segment, index) => {
      const last = index === path.length - 1;
      const container = node as Record<string, unknown>;
      if (last) {
        container[segment] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[index + 1]!);
      container[segment] ??= nextIsIndex ? [] : {};
      node = container[segment] as Record<string, unknown>;
    });
  }
  return root;
}

class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

function cents(value: unknown, field: string): number {
  const amount = Number(value);
  if (!Number.isInteger(amount) || amount <= 0) {
    throw new FakeError(400, 'invalid_request_error', `Invalid positive integer: ${field}`);
  }
  return amount;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );
}

const euro = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

export async function startStripeFake(options: StripeFakeOptions) {
  const signer = new Stripe('sk_test_fake_signer');
  const sessions = new Map<string, StripeObject>();
  const lineItems = new Map<string, { name: string; amount: number }[]>();
  const paymentIntents = new Map<string, StripeObject>();
  const charges = new Map<string, StripeObject>();
  const transfers = new Map<string, StripeObject>();
  const reversals = new Map<string, StripeObject>();
  const refunds = new Map<string, StripeObject>();
  const accounts = new Map<string, StripeObject>();
  const idempotent = new Map<string, { body: string; status: number; response: string }>();
  const requests: FakeRequest[] = [];
  const events: { id: string; type: string; payload: string; status: number }[] = [];
  const failures: { method: string; path: RegExp; status: number; message: string }[] = [];
  const background = new Set<Promise<unknown>>();
  let baseUrl = '';

  async function deliver(payload: string): Promise<number> {
    const signature = signer.webhooks.generateTestHeaderString({
      payload,
      secret: options.webhookSecret,
    });
    const response =
      typeof options.deliver === 'string'
        ? await fetch(options.deliver, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
            body: payload,
          })
        : await options.deliver(payload, signature);
    await response.text();
    return response.status;
  }

  /** Sends a signed event now and returns the app's status. */
  async function sendEvent(type: string, object: StripeObject): Promise<number> {
    const id = newId('evt');
    const payload = JSON.stringify(
      {
        id,
        object: 'event',
        api_version: API_VERSION,
        created: Math.floor(Date.now() / 1000),
        data: { object: structuredClone(object) },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
      },
      null,
      2,
    );
    const record = { id, type, payload, status: 0 };
    events.push(record);
    record.status = await deliver(payload);
    return record.status;
  }

  /** Sends after the current response, as Stripe does (tests await `flush()`). */
  function sendLater(type: string, object: StripeObject) {
    const snapshot = structuredClone(object);
    const task = new Promise((resolve) => setImmediate(resolve))
      .then(() => sendEvent(type, snapshot))
      .catch(() => 0)
      .finally(() => background.delete(task));
    background.add(task);
  }

  function getOr404<T>(map: Map<string, T>, id: string, what: string): T {
    const found = map.get(id);
    if (!found) {
      throw new FakeError(
        404,
        'invalid_request_error',
        `No such ${what}: '${id}'`,
        'resource_missing',
      );
    }
    return found;
  }

  function completeSession(sessionId: string): StripeObject {
    const session = getOr404(sessions, sessionId, 'checkout.session');
    if (session.status !== 'open') {
      throw new FakeError(
        400,
        'invalid_request_error',
        `Session ${sessionId} is ${session.status}`,
      );
    }
    const intentId = newId('pi');
    const chargeId = newId('ch');
    const amount = session.amount_total as number;
    const intentData = (session.__payment_intent_data ?? {}) as Json;
    charges.set(chargeId, {
      id: chargeId,
      object: 'charge',
      amount,
      amount_refunded: 0,
      currency: 'eur',
      paid: true,
      refunded: false,
      status: 'succeeded',
      payment_intent: intentId,
      transfer_group: intentData.transfer_group ?? null,
      metadata: intentData.metadata ?? {},
    });
    paymentIntents.set(intentId, {
      id: intentId,
      object: 'payment_intent',
      amount,
      amount_received: amount,
      currency: 'eur',
      status: 'succeeded',
      latest_charge: chargeId,
      transfer_group: intentData.transfer_group ?? null,
      metadata: intentData.metadata ?? {},
    });
    Object.assign(session, {
      status: 'complete',
      payment_status: 'paid',
      payment_intent: intentId,
    });
    return session;
  }

  function publicSession(session: StripeObject): StripeObject {
    const { __payment_intent_data: _hidden, ...rest } = session;
    return rest as StripeObject;
  }

  function accountObject(account: StripeObject): StripeObject {
    return account;
  }

  async function api(method: string, path: string, body: Json): Promise<[number, unknown]> {
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const items = (body.line_items ?? []) as Json[];
      if (items.length === 0) {
        throw new FakeError(400, 'invalid_request_error', 'line_items is required in payment mode');
      }
      const lines = items.map((item, index) => {
        const price = (item.price_data ?? {}) as Json;
        if (price.currency !== 'eur' || Number(item.quantity) !== 1) {
          throw new FakeError(400, 'invalid_request_error', `line_items[${index}] invalid`);
        }
        const product = (price.product_data ?? {}) as Json;
        return {
          name: String(product.name ?? ''),
          amount: cents(price.unit_amount, 'unit_amount'),
        };
      });
      for (const url of ['success_url', 'cancel_url']) {
        if (typeof body[url] !== 'string' || !/^https?:\/\//.test(body[url] as string)) {
          throw new FakeError(400, 'invalid_request_error', `Invalid URL: ${url}`);
        }
      }
      const id = newId('cs_test');
      const session: StripeObject = {
        id,
        object: 'checkout.session',
        amount_subtotal: lines.reduce((sum, line) => sum + line.amount, 0),
        amount_total: lines.reduce((sum, line) => sum + line.amount, 0),
        currency: 'eur',
        client_reference_id: body.client_reference_id ?? null,
        customer_email: body.customer_email ?? null,
        expires_at: Math.floor(Date.now() / 1000) + 24 * 3600,
        livemode: false,
        metadata: body.metadata ?? {},
        mode: 'payment',
        payment_intent: null,
        payment_status: 'unpaid',
        status: 'open',
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        url: `${baseUrl}/checkout/${id}`,
        __payment_intent_data: body.payment_intent_data ?? {},
      };
      sessions.set(id, session);
      lineItems.set(id, lines);
      return [200, publicSession(session)];
    }
    const m1 = method === 'GET' ? /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path) : null;
    if (m1) {
      return [200, publicSession(getOr404(sessions, m1[1]!, 'checkout.session'))];
    }
    const m2 = method === 'POST' ? /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(path) : null;
    if (m2) {
      const session = getOr404(sessions, m2[1]!, 'checkout.session');
      if (session.status !== 'open') {
        throw new FakeError(400, 'invalid_request_error', 'Only open sessions can be expired.');
      }
      session.status = 'expired';
      sendLater('checkout.session.expired', publicSession(session));
      return [200, publicSession(session)];
    }
    const m3 = method === 'GET' ? /^\/v1\/payment_intents\/([^/]+)$/.exec(path) : null;
    if (m3) {
      return [200, getOr404(paymentIntents, m3[1]!, 'payment_intent')];
    }
    if (method === 'POST' && path === '/v1/transfers') {
      const amount = cents(body.amount, 'amount');
      const destination = getOr404(accounts, String(body.destination), 'account');
      if (!destination.charges_enabled) {
        throw new FakeError(
          400,
          'invalid_request_error',
          'Your destination account needs to have at least one of the following capabilities enabled: transfers',
        );
      }
      const charge = getOr404(charges, String(body.source_transaction), 'charge');
      const already = [...transfers.values()]
        .filter((transfer) => transfer.source_transaction === charge.id)
        .reduce((sum, transfer) => sum + (transfer.amount as number), 0);
      if (already + amount > (charge.amount as number)) {
        throw new FakeError(
          400,
          'invalid_request_error',
          'Transfers using this transaction as a source must not exceed the source amount.',
        );
      }
      const id = newId('tr');
      const transfer: StripeObject = {
        id,
        object: 'transfer',
        amount,
        amount_reversed: 0,
        currency: String(body.currency),
        destination: destination.id,
        source_transaction: charge.id,
        transfer_group: body.transfer_group ?? null,
        metadata: body.metadata ?? {},
        reversed: false,
      };
      transfers.set(id, transfer);
      return [200, transfer];
    }
    const m4 = method === 'POST' ? /^\/v1\/transfers\/([^/]+)\/reversals$/.exec(path) : null;
    if (m4) {
      const transfer = getOr404(transfers, m4[1]!, 'transfer');
      const amount = cents(body.amount, 'amount');
      const left = (transfer.amount as number) - (transfer.amount_reversed as number);
      if (amount > left) {
        throw new FakeError(
          400,
          'invalid_request_error',
          `Amount (${amount}) exceeds the reversible amount (${left}).`,
        );
      }
      const id = newId('trr');
      const reversal: StripeObject = {
        id,
        object: 'transfer_reversal',
        amount,
        currency: 'eur',
        transfer: transfer.id,
        metadata: body.metadata ?? {},
      };
      reversals.set(id, reversal);
      transfer.amount_reversed = (transfer.amount_reversed as number) + amount;
      transfer.reversed = transfer.amount_reversed === transfer.amount;
      return [200, reversal];
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const charge = getOr404(charges, String(body.charge), 'charge');
      const amount = cents(body.amount, 'amount');
      const left = (charge.amount as number) - (charge.amount_refunded as number);
      if (amount > left) {
        throw new FakeError(
          400,
          'invalid_request_error',
          `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
        );
      }
      const id = newId('re');
      const refund: StripeObject = {
        id,
        object: 'refund',
        amount,
        charge: charge.id,
        currency: 'eur',
        payment_intent: charge.payment_intent,
        metadata: body.metadata ?? {},
        status: options.refundMode === 'pending' ? 'pending' : 'succeeded',
      };
      refunds.set(id, refund);
      charge.amount_refunded = (charge.amount_refunded as number) + amount;
      charge.refunded = charge.amount_refunded === charge.amount;
      sendLater('charge.refunded', charge);
      if (refund.status === 'succeeded') {
        sendLater('refund.updated', refund);
      }
      return [200, refund];
    }
    if (method === 'POST' && path === '/v1/accounts') {
      const id = newId('acct');
      const account: StripeObject = {
        id,
        object: 'account',
        type: body.type ?? 'express',
        country: body.country ?? 'FR',
        email: body.email ?? null,
        business_profile: body.business_profile ?? {},
        capabilities: {},
        charges_enabled: false,
        payouts_enabled: false,
        details_submitted: false,
        metadata: body.metadata ?? {},
      };
      accounts.set(id, account);
      return [200, accountObject(account)];
    }
    const m5 = method === 'GET' ? /^\/v1\/accounts\/([^/]+)$/.exec(path) : null;
    if (m5) {
      return [200, accountObject(getOr404(accounts, m5[1]!, 'account'))];
    }
    if (method === 'POST' && path === '/v1/account_links') {
      const account = getOr404(accounts, String(body.account), 'account');
      const query = new URLSearchParams({
        return_url: String(body.return_url ?? ''),
        refresh_url: String(body.refresh_url ?? ''),
      });
      return [
        200,
        {
          object: 'account_link',
          created: Math.floor(Date.now() / 1000),
          expires_at: Math.floor(Date.now() / 1000) + 300,
          url: `${baseUrl}/connect/onboarding/${account.id}?${query}`,
        },
      ];
    }
    throw new FakeError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${method}: ${path})`,
    );
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, path: string) {
    const raw = await readBody(request);
    const method = request.method ?? 'GET';
    const key = (request.headers['idempotency-key'] as string | undefined) ?? null;
    const query = new URL(request.url ?? '/', 'http://fake').search.slice(1);
    const body = parseStripeForm(method === 'GET' ? query : raw);
    requests.push({ method, path, idempotencyKey: key, body });
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      response.writeHead(status, {
        'Content-Type': 'application/json',
        'Request-Id': newId('req'),
        'Stripe-Version': API_VERSION,
        ...(key ? { 'Idempotency-Key': key } : {}),
      });
      response.end(text);
      return text;
    };
    if (!/^Bearer sk_(test|live)_/.test(request.headers.authorization ?? '')) {
      send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
      return;
    }
    const cacheKey = key ? `${method} ${path} ${key}` : null;
    const cached = cacheKey ? idempotent.get(cacheKey) : undefined;
    if (cached) {
      if (cached.body !== raw) {
        send(400, {
          error: {
            type: 'idempotency_error',
            message: 'Keys for idempotent requests can only be used with the same parameters.',
          },
        });
        return;
      }
      response.writeHead(cached.status, {
        'Content-Type': 'application/json',
        'Idempotent-Replayed': 'true',
      });
      response.end(cached.response);
      return;
    }
    const failureIndex = failures.findIndex(
      (failure) => failure.method === method && failure.path.test(path),
    );
    if (failureIndex >= 0) {
      const [failure] = failures.splice(failureIndex, 1);
      // A 5xx is not saved under its key (Stripe did not run the request); a 4xx refusal is.
      const text = send(failure!.status, {
        error: {
          type: failure!.status >= 500 ? 'api_error' : 'invalid_request_error',
          message: failure!.message,
        },
      });
      if (cacheKey && failure!.status < 500) {
        idempotent.set(cacheKey, { body: raw, status: failure!.status, response: text });
      }
      return;
    }
    try {
      const [status, payload] = await api(method, path, body);
      const text = send(status, payload);
      if (cacheKey) {
        idempotent.set(cacheKey, { body: raw, status, response: text });
      }
    } catch (error) {
      if (!(error instanceof FakeError)) {
        throw error;
      }
      const text = send(error.status, {
        error: {
          type: error.type,
          message: error.message,
          ...(error.code ? { code: error.code } : {}),
        },
      });
      if (cacheKey && error.status !== 404) {
        idempotent.set(cacheKey, { body: raw, status: error.status, response: text });
      }
    }
  }

  function page(response: ServerResponse, title: string, content: string) {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
        `<link rel="icon" href="data:,"></head><body><main><h1>${escapeHtml(title)}</h1>${content}</main></body></html>`,
    );
  }

  function redirect(response: ServerResponse, location: string) {
    response.writeHead(303, { Location: location });
    response.end();
  }

  async function handleHosted(request: IncomingMessage, response: ServerResponse, url: URL) {
    const m6 = request.method === 'GET' ? /^\/checkout\/([^/]+)$/.exec(url.pathname) : null;
    if (m6) {
      const session = getOr404(sessions, m6[1]!, 'checkout.session');
      const lines = lineItems.get(session.id) ?? [];
      const rows = lines
        .map(
          (line) =>
            `<tr><td>${escapeHtml(line.name)}</td><td>${euro.format(line.amount / 100)}</td></tr>`,
        )
        .join('');
      const total = euro.format((session.amount_total as number) / 100);
      const open = session.status === 'open';
      page(
        response,
        'Paiement sécurisé (Stripe, simulé)',
        `<table><tbody>${rows}</tbody><tfoot><tr><th>Total</th><td>${total}</td></tr></tfoot></table>` +
          (open
            ? `<form method="post" action="/checkout/${session.id}/pay"><button type="submit">Payer ${total}</button></form>` +
              `<form method="post" action="/checkout/${session.id}/decline"><button type="submit">Simuler une carte refusée</button></form>` +
              `<p><a href="${escapeHtml(String(session.cancel_url))}">Retour au site</a></p>`
            : `<p>Session ${escapeHtml(String(session.status))}.</p>`),
      );
      return;
    }
    const m7 = request.method === 'POST' ? /^\/checkout\/([^/]+)\/pay$/.exec(url.pathname) : null;
    if (m7) {
      await readBody(request);
      const session = completeSession(m7[1]!);
      await sendEvent('checkout.session.completed', publicSession(session));
      const success = String(session.success_url).replace('{CHECKOUT_SESSION_ID}', session.id);
      redirect(response, success);
      return;
    }
    const declined =
      request.method === 'POST' ? /^\/checkout\/([^/]+)\/decline$/.exec(url.pathname) : null;
    if (declined) {
      await readBody(request);
      const session = getOr404(sessions, declined[1]!, 'checkout.session');
      await declineSession(session.id);
      redirect(response, `/checkout/${session.id}`);
      return;
    }
    const m8 = /^\/connect\/onboarding\/([^/]+)$/.exec(url.pathname);
    if (m8) {
      const account = getOr404(accounts, m8[1]!, 'account');
      if (request.method === 'POST') {
        await readBody(request);
        await enableAccount(account.id);
        redirect(response, url.searchParams.get('return_url') ?? '/');
        return;
      }
      page(
        response,
        'Inscription Stripe Express (simulée)',
        `<p>Compte ${escapeHtml(account.id)} — ${escapeHtml(String((account.business_profile as Json)?.name ?? ''))}</p>` +
          `<form method="post" action="${escapeHtml(`${url.pathname}${url.search}`)}"><button type="submit">Terminer l’inscription</button></form>`,
      );
      return;
    }
    if (url.pathname === '/__fake/state' && request.method === 'GET') {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(state()));
      return;
    }
    throw new FakeError(404, 'invalid_request_error', `No page ${url.pathname}`);
  }

  async function declineSession(sessionId: string) {
    const session = getOr404(sessions, sessionId, 'checkout.session');
    const intent: StripeObject = {
      id: newId('pi'),
      object: 'payment_intent',
      amount: session.amount_total,
      currency: 'eur',
      status: 'requires_payment_method',
      last_payment_error: { code: 'card_declined', message: 'Votre carte a été refusée.' },
      metadata: ((session.__payment_intent_data ?? {}) as Json).metadata ?? {},
    };
    paymentIntents.set(intent.id, intent);
    return sendEvent('payment_intent.payment_failed', intent);
  }

  async function enableAccount(accountId: string) {
    const account = getOr404(accounts, accountId, 'account');
    Object.assign(account, {
      charges_enabled: true,
      payouts_enabled: true,
      details_submitted: true,
      capabilities: { card_payments: 'active', transfers: 'active' },
    });
    return sendEvent('account.updated', account);
  }

  function state() {
    const values = <T>(map: Map<string, T>) => [...map.values()];
    return {
      sessions: values(sessions).map(publicSession),
      paymentIntents: values(paymentIntents),
      charges: values(charges),
      transfers: values(transfers),
      reversals: values(reversals),
      refunds: values(refunds),
      accounts: values(accounts),
      events: events.map(({ id, type, status }) => ({ id, type, status })),
    };
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const handle = url.pathname.startsWith('/v1/')
      ? handleApi(request, response, url.pathname)
      : handleHosted(request, response, url);
    handle.catch((error: unknown) => {
      const status = error instanceof FakeError ? error.status : 500;
      if (!response.headersSent) {
        response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      }
      response.end(error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    requests,
    state,
    /** The household clicks « Payer » on the hosted page: the session completes, the webhook goes. */
    async pay(sessionId: string): Promise<number> {
      const session = completeSession(sessionId);
      return sendEvent('checkout.session.completed', publicSession(session));
    },
    /** A delayed method (SEPA debit) clears at the bank: `async_payment_succeeded`. */
    async clearDelayedPayment(sessionId: string): Promise<number> {
      const session = completeSession(sessionId);
      return sendEvent('checkout.session.async_payment_succeeded', publicSession(session));
    },
    decline: declineSession,
    enableAccount,
    /** Stripe's answer to the next matching call: a refusal (4xx) or an outage (5xx). */
    failNext(failure: {
      method?: string;
      path: RegExp;
      status: number;
      message: string;
      times?: number;
    }) {
      for (let index = 0; index < (failure.times ?? 1); index++) {
        failures.push({ method: failure.method ?? 'POST', ...failure });
      }
    },
    /** A refund created 'pending' succeeds (or fails) at the bank: `refund.updated` is sent. */
    async settleRefund(refundId: string, status: 'succeeded' | 'failed' = 'succeeded') {
      const refund = getOr404(refunds, refundId, 'refund');
      refund.status = status;
      if (status === 'failed') {
        const charge = getOr404(charges, String(refund.charge), 'charge');
        charge.amount_refunded = (charge.amount_refunded as number) - (refund.amount as number);
        refund.failure_reason = 'expired_or_canceled_card';
      }
      return sendEvent(status === 'failed' ? 'refund.failed' : 'refund.updated', refund);
    },
    sendEvent,
    /** The exact payload of an event already sent, delivered again (Stripe retries). */
    async redeliver(eventId: string): Promise<number> {
      const event = events.find((candidate) => candidate.id === eventId);
      if (!event) {
        throw new Error(`évènement inconnu ${eventId}`);
      }
      return deliver(event.payload);
    },
    eventPayload(eventId: string): string {
      const event = events.find((candidate) => candidate.id === eventId);
      if (!event) {
        throw new Error(`évènement inconnu ${eventId}`);
      }
      return event.payload;
    },
    /** Waits for the events sent after a response (refunds, expiries). */
    async flush(): Promise<void> {
      while (background.size > 0) {
        await Promise.all([...background]);
      }
    },
    async close(): Promise<void> {
      await Promise.all([...background]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
