-- Egalim 2 professional sales (RULES-FR §1, DESIGN §8): declared turnovers per product (R631-6
-- thresholds), written contracts with their frozen versions (L631-24 II, VII), price indicators
-- and their time series (L631-24 III, price formulas evaluated at the delivery date).
-- docs/decisions/007-egalim-sales.md explains the choices.

-- Turnover "pour le produit agricole concerné" (R631-6), per calendar year. Which year counts
-- is not in the text (RULES-FR open point 1): classification reads the last closed year.
create table public.egalim_turnovers (
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  year integer not null check (year between 2000 and 2100),
  egalim_category text not null check (egalim_category in (
    'bovine_male_12_24m', 'bovine_heifer', 'bovine_cow', 'bovine_store_lt12m', 'pig', 'milk_cow',
    'milk_goat', 'milk_ewe', 'lamb_lt12m', 'cider_apple', 'perry_pear', 'fruit_vegetable',
    'cereal', 'honey', 'wine', 'egg', 'other')),
  -- SIQO bovines are their own row of R631-6 II (and a distinct production, R631-5).
  is_siqo boolean not null default false,
  turnover_cents integer not null check (turnover_cents >= 0),
  updated_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (organisation_id, year, egalim_category, is_siqo),
  check (not is_siqo or egalim_category like 'bovine\_%')
);

create type public.egalim_contract_status as enum ('draft', 'proposed', 'counter_proposed', 'signed');

-- One contract between a producer and a professional buyer for one production. The terms
-- being negotiated are the latest version; `draft_terms` is the producer's unsent draft.
create table public.egalim_contracts (
  id uuid primary key default gen_random_uuid(),
  producer_id uuid not null references public.organisations (id) on delete restrict,
  buyer_id uuid not null references public.organisations (id) on delete restrict,
  sequence integer not null check (sequence >= 1),
  -- Human reference printed on order lines and invoices.
  reference text not null check (length(reference) between 1 and 40),
  egalim_category text not null,
  is_siqo boolean not null default false,
  title text not null check (length(title) between 1 and 120),
  status public.egalim_contract_status not null default 'draft',
  draft_terms jsonb not null default '{}'::jsonb,
  current_version integer not null default 0 check (current_version >= 0),
  -- Set at signature from the signed version; `end_on` is the last covered day (inclusive),
  -- null while tacitly renewed with no notice given (L631-24 VI).
  start_on date,
  end_on date,
  producer_signed_at timestamptz,
  producer_signed_by uuid references auth.users (id) on delete set null,
  buyer_signed_at timestamptz,
  buyer_signed_by uuid references auth.users (id) on delete set null,
  signed_at timestamptz,
  notice_given_on date,
  notice_by text check (notice_by in ('producer', 'buyer')),
  terminated_on date,
  termination_reason text,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (producer_id, sequence),
  unique (producer_id, reference),
  check (producer_id <> buyer_id),
  check (status <> 'signed' or (start_on is not null and signed_at is not null)),
  check (end_on is null or start_on is null or end_on >= start_on - 1)
);
create index egalim_contracts_buyer_idx on public.egalim_contracts (buyer_id, status);
create index egalim_contracts_cover_idx
  on public.egalim_contracts (producer_id, buyer_id, egalim_category, is_siqo) where status = 'signed';
create trigger egalim_contracts_updated_at before update on public.egalim_contracts
  for each row execute function public.set_updated_at();

-- Every proposal and counter-proposal, frozen. Version 1 is the producer's first written
-- proposal, annexed to the contract forever (L631-24 II, VII); a buyer's counter-proposal
-- carries its written reason (L631-24 II: refusal or reservation "motivé").
create table public.egalim_contract_versions (
  contract_id uuid not null references public.egalim_contracts (id) on delete cascade,
  number integer not null check (number >= 1),
  kind text not null check (kind in ('proposal', 'counter_proposal')),
  author_side text not null check (author_side in ('producer', 'buyer')),
  author_user_id uuid references auth.users (id) on delete set null,
  reason text,
  terms jsonb not null,
  created_at timestamptz not null default now(),
  primary key (contract_id, number),
  check (number > 1 or (kind = 'proposal' and author_side = 'producer')),
  check (kind <> 'counter_proposal' or (author_side = 'buyer' and length(btrim(coalesce(reason, ''))) >= 3))
);

create function public.reject_contract_version_change() returns trigger language plpgsql as $$
begin
  raise exception 'egalim_contract_versions est en écriture seule : une version envoyée ne change plus'
    using errcode = 'P0001';
end
$$;
create trigger egalim_contract_versions_frozen before update or delete on public.egalim_contract_versions
  for each row execute function public.reject_contract_version_change();

-- Price indicators: a producer's own (its production costs) or shared (owner_id null,
-- published by an interprofession, Idele, FranceAgriMer…), referenced by code in formulas.
create table public.indicators (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid references public.organisations (id) on delete cascade,
  code text not null check (code ~ '^[a-z0-9_.-]{1,40}$'),
  label text not null check (length(label) between 1 and 120),
  kind text not null check (kind in ('production_cost', 'market', 'quality')),
  unit text not null check (length(unit) between 1 and 30),
  source text not null default '' check (length(source) <= 200),
  created_at timestamptz not null default now()
);
create unique index indicators_owner_code_key on public.indicators (owner_id, code) nulls not distinct;

-- A published value applies from its date until the next one.
create table public.indicator_values (
  indicator_id uuid not null references public.indicators (id) on delete cascade,
  value_on date not null,
  value numeric(14, 6) not null,
  imported_at timestamptz not null default now(),
  primary key (indicator_id, value_on)
);

alter table public.egalim_turnovers enable row level security;
alter table public.egalim_contracts enable row level security;
alter table public.egalim_contract_versions enable row level security;
alter table public.indicators enable row level security;
alter table public.indicator_values enable row level security;
