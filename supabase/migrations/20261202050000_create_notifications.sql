-- E-mail notifications (docs/decisions/016-notifications.md): an outbox row per
-- (kind, subject, recipient), written in the same transaction as the event that causes it — so a
-- rolled-back change sends nothing and an event processed twice (a replayed Stripe webhook)
-- queues one mail. A dispatcher sends the rows after commit (kicked by pg_notify, which Postgres
-- delivers only on commit, and on a timer), with attempts, backoff and the last error.

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in (
    'share_payable', 'sheet_reminder', 'deadline_reminder', 'payment_receipt', 'refund_sent',
    'credit_note_issued', 'invoice_available')),
  -- The entity the mail is about: a sheet, a sheet reminder, a payment, a refund, an invoice.
  subject_id uuid not null,
  household_id uuid references public.households (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  -- 'suppressed': written while notifications were off (demo seed), never sent.
  -- 'skipped': nothing to say any more when its turn came (opted out, sheet closed, no address).
  status text not null default 'pending'
    check (status in ('pending', 'sending', 'sent', 'failed', 'skipped', 'suppressed')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  -- A claimed row whose sender died is claimed again once its lease is over.
  lease_until timestamptz,
  last_error text,
  -- Without APP_URL, the origin of the request that caused the mail (links), when known.
  link_origin text check (link_origin ~ '^https?://[^/]+$'),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  -- What was sent (or why it was skipped), kept for the record.
  to_address text,
  mail_subject text,
  mail_text text,
  unique (kind, subject_id, user_id)
);
create index notifications_due on public.notifications (next_attempt_at)
  where status in ('pending', 'sending');
create index notifications_user on public.notifications (user_id, created_at desc);

-- Optional kinds a member turned off (legal ones — invoice available, credit note, refund —
-- cannot be: the application refuses them).
create table public.notification_opt_outs (
  user_id uuid not null references auth.users (id) on delete cascade,
  category text not null check (category in ('share_payable', 'reminders', 'payment_receipt')),
  created_at timestamptz not null default now(),
  primary key (user_id, category)
);

-- Who was reminded of an open sheet, when, by whom (null: the automatic reminder the day before
-- the deadline). The coordinator's « Relancer les foyers » reaches a household at most once per
-- 12 h (checked under a lock of the sheet row); the automatic one at most once per sheet.
create table public.sheet_reminders (
  id uuid primary key default gen_random_uuid(),
  sheet_id uuid not null references public.sheets (id) on delete cascade,
  household_id uuid not null references public.households (id) on delete cascade,
  kind text not null check (kind in ('manual', 'deadline')),
  sent_by uuid references auth.users (id) on delete set null,
  -- Members written to (0: the household has no account yet).
  recipient_count integer not null default 0 check (recipient_count >= 0),
  created_at timestamptz not null default now()
);
create unique index sheet_reminders_deadline_once on public.sheet_reminders (sheet_id, household_id)
  where kind = 'deadline';
create index sheet_reminders_latest on public.sheet_reminders (sheet_id, household_id, created_at desc);

alter table public.notifications enable row level security;
alter table public.notification_opt_outs enable row level security;
alter table public.sheet_reminders enable row level security;
