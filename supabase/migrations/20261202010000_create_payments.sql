-- Payments (issue 5, docs/decisions/012-payments.md): each household pays its share of a closed
-- sheet, per producer; online through Stripe Checkout with Stripe Connect « separate charges and
-- transfers » (each producer's part is transferred to its connected account), or by hand (cash,
-- cheque, bank transfer) recorded by the coordinator or the producer. Refunds (overpayments after
-- invoicing, credit notes) are outbox rows processed after commit. Every Stripe webhook event is
-- stored once (its id is the key), so a replay changes nothing.
-- Money in integer cents. Nothing here is ever deleted: cancellation keeps the row (audit).

create type public.payment_method as enum ('card', 'cash', 'cheque', 'transfer');
create type public.payment_status as enum ('pending', 'succeeded', 'failed', 'expired', 'cancelled');

-- A producer's ways of being paid: its Stripe Connect account (Express) and the bank details
-- shown to households paying by transfer.
create table public.producer_payment_settings (
  producer_id uuid primary key references public.organisations (id) on delete cascade,
  stripe_account_id text unique check (stripe_account_id ~ '^acct_[A-Za-z0-9]+$'),
  charges_enabled boolean not null default false,
  payouts_enabled boolean not null default false,
  details_submitted boolean not null default false,
  -- Last account.updated applied (events may arrive out of order).
  account_synced_at timestamptz,
  transfer_holder text check (length(transfer_holder) between 2 and 120),
  transfer_iban text check (transfer_iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
  transfer_bic text check (transfer_bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
  updated_at timestamptz not null default now(),
  check ((transfer_iban is null) = (transfer_holder is null))
);
create trigger producer_payment_settings_updated_at before update on public.producer_payment_settings
  for each row execute function public.set_updated_at();

-- A group may want its coordinator to confirm a closed sheet before households pay.
create table public.group_payment_settings (
  group_id uuid primary key references public.organisations (id) on delete cascade,
  requires_confirmation boolean not null default false,
  updated_at timestamptz not null default now()
);
create trigger group_payment_settings_updated_at before update on public.group_payment_settings
  for each row execute function public.set_updated_at();

-- The coordinator's confirmation that a closed sheet's shares are payable.
create table public.sheet_payment_confirmations (
  sheet_id uuid primary key references public.sheets (id) on delete restrict,
  confirmed_at timestamptz not null default now(),
  confirmed_by uuid references auth.users (id) on delete set null
);

-- One payment of a household for a sheet: one Checkout Session (card) covering the producers
-- with an enabled account, or one manual record.
create table public.payments (
  id uuid primary key default gen_random_uuid(),
  sheet_id uuid not null references public.sheets (id) on delete restrict,
  household_id uuid not null references public.households (id) on delete restrict,
  method public.payment_method not null,
  status public.payment_status not null,
  -- What the household pays: the producers' parts plus the fee.
  amount_cents integer not null check (amount_cents > 0),
  -- Online payment fee (platform), a separate line shown before paying; never a producer's money.
  fee_cents integer not null default 0 check (fee_cents >= 0 and fee_cents < amount_cents),
  -- Cheque number, transfer reference (CABAS-XXXX-XXXX), free note.
  reference text check (length(reference) <= 80),
  -- Manual payments: the day the money was received (Europe/Paris calendar day).
  received_on date,
  stripe_checkout_session_id text unique,
  stripe_checkout_url text,
  stripe_checkout_expires_at timestamptz,
  stripe_payment_intent_id text unique,
  stripe_charge_id text unique,
  -- As reported by charge.refunded (Stripe's own total, for reconciliation).
  stripe_refunded_cents integer not null default 0 check (stripe_refunded_cents >= 0),
  failure_message text,
  recorded_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  paid_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by uuid references auth.users (id) on delete set null,
  cancel_reason text check (length(cancel_reason) between 1 and 300),
  check (method = 'card' or fee_cents = 0),
  check (method = 'card' or stripe_checkout_session_id is null),
  -- A manual payment is recorded once received; an online one is refunded, never cancelled.
  check (method = 'card' or status in ('succeeded', 'cancelled')),
  check (method <> 'card' or status <> 'cancelled'),
  check ((status = 'cancelled') = (cancelled_at is not null and cancel_reason is not null)),
  check (status <> 'succeeded' or paid_at is not null)
);
create index payments_sheet_household_idx on public.payments (sheet_id, household_id);
create trigger payments_updated_at before update on public.payments
  for each row execute function public.set_updated_at();

-- Each producer's part of a payment (exactly what is transferred to it for a card payment).
create table public.payment_allocations (
  payment_id uuid not null references public.payments (id) on delete restrict,
  producer_id uuid not null references public.organisations (id) on delete restrict,
  amount_cents integer not null check (amount_cents > 0),
  -- Card payments: the connected account the household paid towards.
  stripe_account_id text,
  primary key (payment_id, producer_id)
);
create index payment_allocations_producer_idx on public.payment_allocations (producer_id);

-- Outbox: one Stripe Transfer per producer of a succeeded card payment (source_transaction =
-- the charge), created after the webhook's transaction commits.
create table public.payment_transfers (
  id uuid primary key default gen_random_uuid(),
  payment_id uuid not null,
  producer_id uuid not null,
  amount_cents integer not null check (amount_cents > 0),
  stripe_account_id text not null,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  stripe_transfer_id text unique,
  -- Bumped when Stripe gave a definitive refusal, so a retry is a new request.
  idempotency_generation integer not null default 0,
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (payment_id, producer_id),
  foreign key (payment_id, producer_id) references public.payment_allocations (payment_id, producer_id)
    on delete restrict,
  check ((status = 'succeeded') = (stripe_transfer_id is not null))
);
create trigger payment_transfers_updated_at before update on public.payment_transfers
  for each row execute function public.set_updated_at();

-- Money given back to a household for one producer's part: online (a partial refund of the
-- charge + a reversal of that producer's transfer, outbox), or by hand.
create table public.payment_refunds (
  id uuid primary key default gen_random_uuid(),
  sheet_id uuid not null references public.sheets (id) on delete restrict,
  household_id uuid not null references public.households (id) on delete restrict,
  producer_id uuid not null references public.organisations (id) on delete restrict,
  payment_id uuid references public.payments (id) on delete restrict,
  method public.payment_method not null,
  amount_cents integer not null check (amount_cents > 0),
  -- 'settlement': overpaid once invoiced; 'credit_note': a credit note issued later; 'manual'.
  reason text not null check (reason in ('settlement', 'credit_note', 'manual')),
  credit_note_id uuid references public.invoices (id) on delete restrict,
  note text check (length(note) <= 300),
  status text not null check (status in ('pending', 'processing', 'succeeded', 'failed', 'cancelled')),
  stripe_refund_id text unique,
  stripe_refund_status text,
  stripe_reversal_id text unique,
  idempotency_generation integer not null default 0,
  attempts integer not null default 0,
  last_error text,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  cancelled_at timestamptz,
  cancelled_by uuid references auth.users (id) on delete set null,
  cancel_reason text check (length(cancel_reason) between 1 and 300),
  check ((method = 'card') = (payment_id is not null)),
  check ((reason = 'credit_note') = (credit_note_id is not null)),
  check (method = 'card' or status in ('succeeded', 'cancelled')),
  check ((status = 'cancelled') = (cancelled_at is not null and cancel_reason is not null))
);
create index payment_refunds_key_idx on public.payment_refunds (sheet_id, household_id, producer_id);
create index payment_refunds_payment_idx on public.payment_refunds (payment_id);
create index payment_refunds_credit_note_idx on public.payment_refunds (credit_note_id);
create trigger payment_refunds_updated_at before update on public.payment_refunds
  for each row execute function public.set_updated_at();

-- Every Stripe webhook event received, once: the primary key is Stripe's event id, so the same
-- event delivered again is recognised and changes nothing.
create table public.stripe_events (
  id text primary key check (id ~ '^evt_[A-Za-z0-9_]+$'),
  type text not null,
  livemode boolean not null,
  -- event.created, as Stripe stamped it.
  stripe_created_at timestamptz not null,
  received_at timestamptz not null default now(),
  -- 'applied', 'ignored' (type not handled), 'unknown_object' (not one of ours), 'mismatch'.
  outcome text not null,
  detail text,
  payload jsonb not null
);
create index stripe_events_received_idx on public.stripe_events (received_at desc);

-- Audit: payments, their parts, refunds and events are never deleted; parts never change.
create function public.reject_payment_record_delete() returns trigger language plpgsql as $$
begin
  raise exception 'Paiements : un enregistrement ne se supprime pas ; annulez-le avec un motif.';
end
$$;
create trigger payments_no_delete before delete on public.payments
  for each row execute function public.reject_payment_record_delete();
create trigger payment_allocations_no_delete before delete on public.payment_allocations
  for each row execute function public.reject_payment_record_delete();
create trigger payment_transfers_no_delete before delete on public.payment_transfers
  for each row execute function public.reject_payment_record_delete();
create trigger payment_refunds_no_delete before delete on public.payment_refunds
  for each row execute function public.reject_payment_record_delete();
create trigger stripe_events_no_delete before delete on public.stripe_events
  for each row execute function public.reject_payment_record_delete();

create function public.reject_payment_amount_change() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'payment_allocations' then
    raise exception 'Paiements : la part d’un producteur ne se modifie pas.';
  end if;
  if new.amount_cents <> old.amount_cents or new.fee_cents <> old.fee_cents
     or new.method <> old.method or new.sheet_id <> old.sheet_id
     or new.household_id <> old.household_id then
    raise exception 'Paiements : montant, moyen de paiement et foyer ne se modifient pas.';
  end if;
  return new;
end
$$;
create trigger payment_allocations_immutable before update on public.payment_allocations
  for each row execute function public.reject_payment_amount_change();
create trigger payments_amount_immutable before update on public.payments
  for each row execute function public.reject_payment_amount_change();

alter table public.producer_payment_settings enable row level security;
alter table public.group_payment_settings enable row level security;
alter table public.sheet_payment_confirmations enable row level security;
alter table public.payments enable row level security;
alter table public.payment_allocations enable row level security;
alter table public.payment_transfers enable row level security;
alter table public.payment_refunds enable row level security;
alter table public.stripe_events enable row level security;
