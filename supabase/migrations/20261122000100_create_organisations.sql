-- Organisations (producers, neighbourhood groups, professional buyers, producer
-- organisations), their members and roles, households of groups, invitations, sessions.
-- RLS is enabled with no policy on every table: the Node server is the only data client
-- and checks rights in code (docs/decisions/004-auth-and-rls.md).

create type public.organisation_kind as enum ('producer', 'group', 'buyer', 'op');
create type public.membership_role as enum ('owner', 'manager', 'coordinator', 'household');
create type public.vat_regime as enum ('liable', 'flat_rate', 'franchise');

create function public.set_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create table public.organisations (
  id uuid primary key default gen_random_uuid(),
  kind public.organisation_kind not null,
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 60),
  name text not null check (length(name) between 2 and 120),
  legal_name text,
  siren char(9) check (siren ~ '^[0-9]{9}$'),
  siret char(14) check (siret ~ '^[0-9]{14}$'),
  vat_number text check (vat_number ~ '^FR[0-9A-Z]{2}[0-9]{9}$'),
  vat_regime public.vat_regime,
  address_line1 text,
  address_line2 text,
  postal_code text check (postal_code ~ '^[0-9]{5}$'),
  city text,
  country char(2) not null default 'FR',
  email text,
  phone text,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (siret is null or siren is null or left(siret, 9) = siren)
);
create trigger organisations_updated_at before update on public.organisations
  for each row execute function public.set_updated_at();

create table public.households (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references public.organisations (id) on delete cascade,
  name text not null check (length(name) between 1 and 80),
  created_at timestamptz not null default now(),
  unique (group_id, name)
);
create index households_group_idx on public.households (group_id);

create table public.memberships (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.membership_role not null,
  household_id uuid references public.households (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (organisation_id, user_id),
  check (role <> 'household' or household_id is not null)
);
create index memberships_user_idx on public.memberships (user_id);

create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  role public.membership_role not null,
  household_id uuid references public.households (id) on delete cascade,
  email text,
  token_hash text not null unique,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null
);
create index invitations_org_idx on public.invitations (organisation_id);

-- Local-mode sessions (with Supabase Auth the session lives in Supabase's cookies).
create table public.app_sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index app_sessions_user_idx on public.app_sessions (user_id);

create table public.sign_in_attempts (
  id bigint generated always as identity primary key,
  email text not null,
  ip text,
  succeeded boolean not null,
  at timestamptz not null default now()
);
create index sign_in_attempts_email_at_idx on public.sign_in_attempts (email, at);

create table public.audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_user_id uuid references auth.users (id) on delete set null,
  organisation_id uuid references public.organisations (id) on delete set null,
  action text not null,
  entity text not null,
  entity_id text,
  data jsonb not null default '{}'::jsonb
);
create index audit_log_org_at_idx on public.audit_log (organisation_id, at);

alter table public.organisations enable row level security;
alter table public.households enable row level security;
alter table public.memberships enable row level security;
alter table public.invitations enable row level security;
alter table public.app_sessions enable row level security;
alter table public.sign_in_attempts enable row level security;
alter table public.audit_log enable row level security;
