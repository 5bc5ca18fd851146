-- Member registry of a producer organisation (DESIGN §8, RULES-FR EG-06, EG-20..24): member
-- producers with their farm data (herd, certifications, annual volumes per product), and the
-- requests members send (join, volume change, leave, question…) with their history.
-- docs/decisions/013-producer-organisations.md explains the choices.

create table public.op_members (
  id uuid primary key default gen_random_uuid(),
  op_id uuid not null references public.organisations (id) on delete restrict,
  producer_id uuid not null references public.organisations (id) on delete restrict,
  -- The OP's own register number (« n° d'adhérent »).
  member_number text not null check (member_number ~ '^[A-Za-z0-9./-]{1,20}$'),
  joined_on date not null,
  left_on date,
  -- Per the OP's statutes (EG-06, L631-24-3 II): with transfer of ownership, the OP buys the
  -- member's products and sells them in its own name; no invoice is issued in the member's name.
  transfer_of_ownership boolean not null default false,
  notes text not null default '' check (length(notes) <= 2000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (op_id, member_number),
  check (op_id <> producer_id),
  check (left_on is null or left_on >= joined_on)
);
-- A producer is a member of an OP at most once at a time (a new period after leaving).
create unique index op_members_current_key on public.op_members (op_id, producer_id) where left_on is null;
create index op_members_producer_idx on public.op_members (producer_id);
create trigger op_members_updated_at before update on public.op_members
  for each row execute function public.set_updated_at();

-- Herd as declared (species and head count), one row per species.
create table public.op_member_herds (
  member_id uuid not null references public.op_members (id) on delete cascade,
  species text not null check (species in ('cow_dairy', 'cow_suckler', 'goat', 'ewe', 'pig', 'poultry', 'other')),
  head_count integer not null check (head_count between 0 and 1000000),
  breed text not null default '' check (length(breed) <= 80),
  recorded_on date not null,
  primary key (member_id, species)
);

-- Certifications (AB, AOP, Label Rouge, HVE…) with their validity.
create table public.op_member_certifications (
  id uuid primary key default gen_random_uuid(),
  member_id uuid not null references public.op_members (id) on delete cascade,
  label text not null check (length(label) between 1 and 40),
  -- The precise sign, e.g. « AOP Fourme de Montbrison ».
  title text not null check (length(title) between 1 and 120),
  certifier text not null default '' check (length(certifier) <= 120),
  valid_from date not null,
  valid_until date,
  check (valid_until is null or valid_until >= valid_from)
);
create index op_member_certifications_member_idx on public.op_member_certifications (member_id);

-- Annual volume per product (the member's reference volume for the split of agreements).
create table public.op_member_volumes (
  member_id uuid not null references public.op_members (id) on delete cascade,
  year integer not null check (year between 2000 and 2100),
  egalim_category text not null,
  -- Thousandths of `unit` (bigint: an OP's members deliver millions of litres a year).
  quantity_milli bigint not null check (quantity_milli >= 0),
  unit text not null check (unit in ('LTR', 'KGM', 'TNE', 'C62')),
  primary key (member_id, year, egalim_category)
);

create table public.op_member_requests (
  id uuid primary key default gen_random_uuid(),
  op_id uuid not null references public.organisations (id) on delete restrict,
  -- The producer asking; its membership when it is a member.
  producer_id uuid not null references public.organisations (id) on delete restrict,
  member_id uuid references public.op_members (id) on delete restrict,
  kind text not null check (kind in ('join', 'volume_change', 'leave', 'question', 'other')),
  subject text not null check (length(btrim(subject)) between 3 and 120),
  body text not null default '' check (length(body) <= 4000),
  status text not null default 'open' check (status in ('open', 'in_progress', 'accepted', 'refused', 'closed')),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (kind = 'join' or member_id is not null)
);
create index op_member_requests_op_idx on public.op_member_requests (op_id, status);
create index op_member_requests_producer_idx on public.op_member_requests (producer_id);
create trigger op_member_requests_updated_at before update on public.op_member_requests
  for each row execute function public.set_updated_at();

-- History of a request: every status change and comment, append-only.
create table public.op_member_request_events (
  id bigint generated always as identity primary key,
  request_id uuid not null references public.op_member_requests (id) on delete cascade,
  at timestamptz not null default now(),
  actor_user_id uuid references auth.users (id) on delete set null,
  actor_side text not null check (actor_side in ('op', 'member')),
  from_status text,
  to_status text not null,
  comment text not null default '' check (length(comment) <= 4000)
);
create index op_member_request_events_request_idx on public.op_member_request_events (request_id, id);

create function public.reject_request_event_change() returns trigger language plpgsql as $$
begin
  raise exception 'Historique des demandes : en écriture seule.';
end
$$;
create trigger op_member_request_events_append_only before update on public.op_member_request_events
  for each row execute function public.reject_request_event_change();

alter table public.op_members enable row level security;
alter table public.op_member_herds enable row level security;
alter table public.op_member_certifications enable row level security;
alter table public.op_member_volumes enable row level security;
alter table public.op_member_requests enable row level security;
alter table public.op_member_request_events enable row level security;
