-- Framework agreements (accords-cadres) between a producer organisation and a buyer (RULES-FR
-- EG-20/21, L631-24 II and IV CRPM): the OP proposes it in writing, the proposal is frozen and
-- annexed to the signed agreement (EG-09), the buyer's refusals or reservations are reasoned
-- (EG-08); the agreement's total volume is split among member producers (EG-21 2°).
-- Same negotiation shape as egalim_contracts (docs/decisions/009 and 013).

create table public.framework_agreements (
  id uuid primary key default gen_random_uuid(),
  op_id uuid not null references public.organisations (id) on delete restrict,
  buyer_id uuid not null references public.organisations (id) on delete restrict,
  sequence integer not null check (sequence >= 1),
  -- Printed on deliveries and invoices, e.g. AC-2026-0001 (per OP).
  reference text not null check (length(reference) between 1 and 40),
  egalim_category text not null,
  title text not null check (length(title) between 1 and 120),
  status text not null default 'draft' check (status in ('draft', 'proposed', 'counter_proposed', 'signed')),
  draft_terms jsonb not null default '{}'::jsonb,
  current_version integer not null default 0 check (current_version >= 0),
  start_on date,
  -- Last covered day, null while tacitly renewed.
  end_on date,
  op_signed_at timestamptz,
  op_signed_by uuid references auth.users (id) on delete set null,
  buyer_signed_at timestamptz,
  buyer_signed_by uuid references auth.users (id) on delete set null,
  signed_at timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (op_id, sequence),
  unique (op_id, reference),
  check (op_id <> buyer_id),
  check (status <> 'signed' or (start_on is not null and signed_at is not null)),
  check (end_on is null or start_on is null or end_on >= start_on - 1)
);
create index framework_agreements_buyer_idx on public.framework_agreements (buyer_id, status);
create trigger framework_agreements_updated_at before update on public.framework_agreements
  for each row execute function public.set_updated_at();

-- Every proposal (the OP's) and counter-proposal (the buyer's, with its reason), frozen.
create table public.framework_agreement_versions (
  agreement_id uuid not null references public.framework_agreements (id) on delete cascade,
  number integer not null check (number >= 1),
  kind text not null check (kind in ('proposal', 'counter_proposal')),
  author_side text not null check (author_side in ('op', 'buyer')),
  author_user_id uuid references auth.users (id) on delete set null,
  reason text,
  terms jsonb not null,
  created_at timestamptz not null default now(),
  primary key (agreement_id, number),
  check (number > 1 or (kind = 'proposal' and author_side = 'op')),
  check (kind <> 'counter_proposal' or (author_side = 'buyer' and length(btrim(coalesce(reason, ''))) >= 3)),
  check (kind <> 'proposal' or author_side = 'op')
);

create function public.reject_agreement_version_change() returns trigger language plpgsql as $$
begin
  raise exception 'framework_agreement_versions est en écriture seule : une version envoyée ne change plus'
    using errcode = 'P0001';
end
$$;
create trigger framework_agreement_versions_frozen before update or delete on public.framework_agreement_versions
  for each row execute function public.reject_agreement_version_change();

-- Split of the agreement's yearly volume among members (EG-21 2°): the model writes it whole,
-- in one transaction, with a sum equal to the agreement's total quantity.
create table public.framework_agreement_splits (
  agreement_id uuid not null references public.framework_agreements (id) on delete cascade,
  member_id uuid not null references public.op_members (id) on delete restrict,
  quantity_milli bigint not null check (quantity_milli >= 0),
  -- The member's reference volume the proportional split started from.
  reference_milli bigint not null check (reference_milli >= 0),
  updated_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (agreement_id, member_id)
);

alter table public.framework_agreements enable row level security;
alter table public.framework_agreement_versions enable row level security;
alter table public.framework_agreement_splits enable row level security;
