-- Personal API tokens for /api/v1 (and short-lived sync tokens for non-browser websocket
-- clients). Only a SHA-256 of the token is stored; the token is shown once at creation.
create table public.api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  name text not null check (length(name) between 1 and 80),
  token_hash text not null unique,
  -- 'api': /api/v1 bearer token; 'sync': one sheet's websocket, minutes-long.
  purpose text not null default 'api' check (purpose in ('api', 'sync')),
  scope text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_user_idx on public.api_tokens (user_id);
alter table public.api_tokens enable row level security;
