-- Billing mandates (RULES-FR EG-23, INV-07/08; CGI 289 I-2; L631-24 V CRPM): a producer (the
-- mandator) lets a producer organisation or a buyer (the mandatary) issue invoices in its name
-- and on its behalf. A written document of its own — no link to any sale contract, on purpose —
-- signed before it takes effect, renewed every year by tacit renewal, revocable at any time with
-- one month's notice. docs/decisions/013-producer-organisations.md explains the choices; the
-- rules (validation, dates, overlap) are in app/domain/op/billing-mandate.ts.

create table public.billing_mandates (
  id uuid primary key default gen_random_uuid(),
  mandator_id uuid not null references public.organisations (id) on delete restrict,
  mandatary_id uuid not null references public.organisations (id) on delete restrict,
  sequence integer not null check (sequence >= 1),
  -- Printed on every invoice issued under the mandate, e.g. MF-2026-0001 (per mandator).
  reference text not null check (length(reference) between 1 and 40),
  -- Scope: the buyers of billing_mandate_buyers, or every buyer (OP only); products by Egalim
  -- category, none = every product.
  covers_all_buyers boolean not null default false,
  egalim_categories text[] not null default '{}',
  -- The operations and period covered, as written in the mandate.
  operations text not null check (length(btrim(operations)) between 3 and 500),
  start_on date not null,
  -- Days the producer has to contest each invoice issued under the mandate (INV-07).
  contest_days integer not null check (contest_days between 1 and 90),
  -- Series of the invoices the mandatary issues in the producer's name, distinct from the
  -- producer's own F (invoices) and A (credit notes) (CGI ann. II 242 nonies A 7°).
  invoice_series text not null check (invoice_series ~ '^[A-Z]{1,8}$' and invoice_series not in ('F', 'A')),
  mandator_signed_at timestamptz,
  mandator_signed_by uuid references auth.users (id) on delete set null,
  mandatary_signed_at timestamptz,
  mandatary_signed_by uuid references auth.users (id) on delete set null,
  -- Paris day the second signature was given: written and prior, so never after start_on.
  signed_on date,
  -- Revocation (by the mandator) or renunciation (by the mandatary), notified on revoked_on;
  -- ends_on is the last covered day, one month of notice later.
  revoked_on date,
  revoked_by_side text check (revoked_by_side in ('mandator', 'mandatary')),
  revoked_by uuid references auth.users (id) on delete set null,
  revocation_reason text check (length(revocation_reason) <= 500),
  ends_on date,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (mandator_id, sequence),
  unique (mandator_id, reference),
  check (mandator_id <> mandatary_id),
  check ((signed_on is not null) = (mandator_signed_at is not null and mandatary_signed_at is not null)),
  check (signed_on is null or signed_on <= start_on),
  check ((revoked_on is null) = (ends_on is null) and (revoked_on is null) = (revoked_by_side is null)),
  check (revoked_on is null or signed_on is not null)
);
create index billing_mandates_mandatary_idx on public.billing_mandates (mandatary_id, mandator_id);
create index billing_mandates_mandator_idx on public.billing_mandates (mandator_id) where signed_on is not null;
create trigger billing_mandates_updated_at before update on public.billing_mandates
  for each row execute function public.set_updated_at();

create table public.billing_mandate_buyers (
  mandate_id uuid not null references public.billing_mandates (id) on delete cascade,
  buyer_id uuid not null references public.organisations (id) on delete restrict,
  primary key (mandate_id, buyer_id)
);
create index billing_mandate_buyers_buyer_idx on public.billing_mandate_buyers (buyer_id);

-- What a party signed does not change: once a signature is on the mandate, its terms and scope
-- are frozen; only the second signature and a revocation are written afterwards. A mandate
-- with a signature is never deleted (invoices cite it).
create function public.guard_billing_mandate() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if old.mandator_signed_at is not null or old.mandatary_signed_at is not null then
      raise exception 'Mandat de facturation signé : il ne se supprime pas, il se révoque.';
    end if;
    return old;
  end if;
  if (old.mandator_signed_at is not null or old.mandatary_signed_at is not null) and (
       new.mandator_id, new.mandatary_id, new.sequence, new.reference, new.covers_all_buyers,
       new.egalim_categories, new.operations, new.start_on, new.contest_days, new.invoice_series)
     is distinct from (
       old.mandator_id, old.mandatary_id, old.sequence, old.reference, old.covers_all_buyers,
       old.egalim_categories, old.operations, old.start_on, old.contest_days, old.invoice_series) then
    raise exception 'Mandat de facturation signé : ses termes ne changent plus.';
  end if;
  if old.revoked_on is not null and new.revoked_on is distinct from old.revoked_on then
    raise exception 'Mandat de facturation déjà révoqué.';
  end if;
  return new;
end
$$;
create trigger billing_mandates_guard before update or delete on public.billing_mandates
  for each row execute function public.guard_billing_mandate();

create function public.guard_billing_mandate_buyers() returns trigger language plpgsql as $$
declare
  mandate_id_value uuid := coalesce(new.mandate_id, old.mandate_id);
begin
  if exists (select 1 from public.billing_mandates m where m.id = mandate_id_value
             and (m.mandator_signed_at is not null or m.mandatary_signed_at is not null)) then
    raise exception 'Mandat de facturation signé : ses acheteurs ne changent plus.';
  end if;
  return coalesce(new, old);
end
$$;
create trigger billing_mandate_buyers_guard before insert or update or delete on public.billing_mandate_buyers
  for each row execute function public.guard_billing_mandate_buyers();

alter table public.billing_mandates enable row level security;
alter table public.billing_mandate_buyers enable row level security;
