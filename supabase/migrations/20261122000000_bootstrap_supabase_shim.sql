-- What a Supabase project provides, created only where it is missing (plain Postgres:
-- embedded, CI, a developer's server). On Supabase every statement below is a no-op:
-- roles, the auth schema, auth.users and auth.uid() already exist and are left untouched.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

create schema if not exists extensions;
create extension if not exists pgcrypto with schema extensions;

create schema if not exists auth;

-- The GoTrue columns Cabas reads and writes (a subset of Supabase's auth.users).
create table if not exists auth.users (
  instance_id uuid,
  id uuid primary key default gen_random_uuid(),
  aud varchar(255) default 'authenticated',
  role varchar(255) default 'authenticated',
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  confirmation_sent_at timestamptz,
  recovery_token varchar(255),
  recovery_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb default '{}'::jsonb,
  raw_user_meta_data jsonb default '{}'::jsonb,
  is_super_admin boolean,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  phone text,
  banned_until timestamptz,
  deleted_at timestamptz,
  is_sso_user boolean not null default false,
  is_anonymous boolean not null default false
);

do $$
begin
  if not exists (
    select 1 from pg_indexes where schemaname = 'auth' and tablename = 'users' and indexname = 'users_email_partial_key'
  ) then
    create unique index users_email_partial_key on auth.users (email) where (is_sso_user = false);
  end if;
end
$$;

do $$
begin
  if not exists (
    select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'uid'
  ) then
    execute $f$
      create function auth.uid() returns uuid language sql stable as
      'select nullif(coalesce(current_setting(''request.jwt.claim.sub'', true),
                              (current_setting(''request.jwt.claims'', true)::jsonb ->> ''sub'')), '''')::uuid'
    $f$;
  end if;
  if not exists (
    select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'role'
  ) then
    execute $f$
      create function auth.role() returns text language sql stable as
      'select nullif(coalesce(current_setting(''request.jwt.claim.role'', true),
                              (current_setting(''request.jwt.claims'', true)::jsonb ->> ''role'')), '''')::text'
    $f$;
  end if;
end
$$;

-- Supabase grants the API roles access to public objects; RLS then decides what rows they
-- see. Mirroring the grants here makes the RLS test on plain Postgres mean what it means on
-- Supabase (a table without RLS would leak through PostgREST).
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant execute on functions to anon, authenticated, service_role;
