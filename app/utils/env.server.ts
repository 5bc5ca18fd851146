import { z } from 'zod';

/**
 * Every setting Cabas reads from the environment, validated once at boot.
 * Documented in `.env.example`. Optional services switch features on when set.
 */
const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** A Postgres 15+ server. Unset: the embedded PostgreSQL 15 in `CABAS_DATA_DIR`. */
    DATABASE_URL: z.url().optional(),
    /** Where the embedded database, local uploads and the local outbox live. */
    CABAS_DATA_DIR: z.string().default('.data'),
    /** Public base URL, used in e-mailed links. */
    APP_URL: z.url().optional(),
    /** Secret(s) signing session cookies (comma-separated for rotation). Unset: generated once in the data folder. */
    SESSION_SECRET: z.string().min(32).optional(),
    SUPABASE_URL: z.url().optional(),
    SUPABASE_ANON_KEY: z.string().min(1).optional(),
    SUPABASE_SERVICE_ROLE_KEY: z.string().min(1).optional(),
    STRIPE_SECRET_KEY: z.string().startsWith('sk_').optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_').optional(),
    /** Tests and local fakes only: where the Stripe client sends API calls (default api.stripe.com). */
    STRIPE_API_BASE_URL: z.url().optional(),
    /** Online payment fee added to a household's card payment, kept by the platform (ADR 012). */
    PAYMENT_FEE_BP: z.coerce.number().int().min(0).max(1000).default(0),
    PAYMENT_FEE_FIXED_CENTS: z.coerce.number().int().min(0).max(500).default(0),
    /** Several processes share live sheets (ADR 018): `redis://host:6379`. */
    REDIS_URL: z
      .url({ protocol: /^rediss?$/, error: 'URL redis://… ou rediss://… attendue.' })
      .optional(),
    /**
     * With REDIS_URL: this process's websocket base as the other processes reach it, e.g.
     * `ws://10.0.0.5:3000` (default `ws://127.0.0.1:<PORT>`, processes of one machine).
     */
    SYNC_ADVERTISE_URL: z
      .url({ protocol: /^wss?$/, error: 'URL ws://… ou wss://… attendue.' })
      .optional(),
    /** Outgoing mail server (`smtp://user:pass@host:587`, `smtps://…:465`). Unset: `<data dir>/outbox.jsonl`. */
    SMTP_URL: z
      .url({ protocol: /^smtps?$/, error: 'URL smtp://… ou smtps://… attendue.' })
      .optional(),
    /** Sender of every mail, e.g. `Cabas <no-reply@cabas.example.fr>` (required with SMTP_URL). */
    MAIL_FROM: z.string().min(3).max(200).optional(),
    /**
     * Live sheets relay an edit once it is in the local journal `<data dir>/sync/` and write it
     * to Postgres behind (ADR 017). `0`: store in Postgres before relaying (slower relay).
     */
    CABAS_SYNC_JOURNAL: z.enum(['0', '1']).default('1'),
    /** Seed the demo on first start of an empty database (default on). */
    CABAS_DEMO: z.enum(['0', '1']).default('1'),
  })
  .refine((env) => !env.SUPABASE_URL || (env.SUPABASE_ANON_KEY && env.SUPABASE_SERVICE_ROLE_KEY), {
    message: 'SUPABASE_URL exige SUPABASE_ANON_KEY et SUPABASE_SERVICE_ROLE_KEY.',
    path: ['SUPABASE_URL'],
  })
  .refine((env) => !env.SMTP_URL || env.MAIL_FROM, {
    message: 'SMTP_URL exige MAIL_FROM (l’expéditeur des e-mails).',
    path: ['MAIL_FROM'],
  });

export type Env = z.infer<typeof EnvSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings (as left by a copied .env.example) mean "unset".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Configuration invalide :\n${lines.join('\n')}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests switch configuration (e.g. Supabase on/off) without touching process.env. */
let testOverrides: Record<string, string | undefined> = {};
/** Overrides stack: a file may set Stripe keys and, on top, APP_URL (restored in reverse). */
export function setEnvForTests(overrides: Record<string, string | undefined>): () => void {
  const previous = { cached, testOverrides };
  testOverrides = { ...testOverrides, ...overrides };
  cached = parseEnv({ ...process.env, ...testOverrides });
  return () => {
    cached = previous.cached;
    testOverrides = previous.testOverrides;
  };
}
