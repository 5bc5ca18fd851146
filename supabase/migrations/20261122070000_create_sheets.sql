-- Live grouped-order sheets (docs/sync.md, DESIGN §5). A sheet gathers one or several
-- producers' round stops for one group; households type quantities into a Yjs document
-- whose updates are logged here. The authoritative quantity of each cell is also kept in
-- relational form (sheet_cells) for stock checks and the projection into orders.

create type public.sheet_status as enum ('open', 'closed');

create table public.sheets (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references public.organisations (id) on delete cascade,
  title text not null check (length(title) between 1 and 120),
  -- The earliest deadline of its stops, or earlier if the coordinator says so.
  deadline_at timestamptz not null,
  status public.sheet_status not null default 'open',
  closed_at timestamptz,
  closed_by uuid references auth.users (id) on delete set null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((status = 'closed') = (closed_at is not null))
);
create index sheets_group_idx on public.sheets (group_id, created_at desc);
create trigger sheets_updated_at before update on public.sheets
  for each row execute function public.set_updated_at();

-- A stop belongs to at most one sheet; a sheet may cover several producers' stops.
create table public.sheet_stops (
  sheet_id uuid not null references public.sheets (id) on delete cascade,
  stop_id uuid not null unique references public.round_stops (id) on delete restrict,
  primary key (sheet_id, stop_id)
);

-- Current authoritative quantity per sheet × household × product (what stock checks sum).
create table public.sheet_cells (
  sheet_id uuid not null references public.sheets (id) on delete cascade,
  household_id uuid not null references public.households (id) on delete restrict,
  product_id uuid not null references public.products (id) on delete restrict,
  offer_id uuid not null references public.round_offers (id) on delete restrict,
  quantity_milli integer not null check (quantity_milli > 0),
  updated_at timestamptz not null default now(),
  primary key (sheet_id, household_id, product_id)
);
create index sheet_cells_offer_idx on public.sheet_cells (offer_id);

-- Append log of Yjs updates. Compaction replaces a prefix of rows by one row holding the
-- merged state (kind 'compacted').
create table public.sheet_updates (
  sheet_id uuid not null references public.sheets (id) on delete cascade,
  seq bigint generated always as identity,
  update bytea not null,
  kind text not null check (kind in ('edit', 'rejection', 'server', 'compacted')),
  user_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (sheet_id, seq)
);

-- Audit trail: who changed which cell when, old → new (null = empty).
create table public.sheet_cell_changes (
  id bigint generated always as identity primary key,
  sheet_id uuid not null references public.sheets (id) on delete cascade,
  household_id uuid not null,
  product_id uuid not null,
  user_id uuid references auth.users (id) on delete set null,
  old_quantity_milli integer,
  new_quantity_milli integer,
  changed_at timestamptz not null default now()
);
create index sheet_cell_changes_cell_idx on public.sheet_cell_changes (sheet_id, household_id, product_id, id);

alter table public.sheets enable row level security;
alter table public.sheet_stops enable row level security;
alter table public.sheet_cells enable row level security;
alter table public.sheet_updates enable row level security;
alter table public.sheet_cell_changes enable row level security;
