-- Live sheets write behind a local journal (ADR 017, docs/sync.md §8): every batch stored in
-- sheet_updates records, in the same statement, how far into its journal it goes, so that a
-- process replaying its journal after a crash writes each batch exactly once.
create table public.sheet_journal_positions (
  journal_id text not null check (length(journal_id) between 1 and 200),
  sheet_id uuid not null references public.sheets (id) on delete cascade,
  seq bigint not null check (seq > 0),
  updated_at timestamptz not null default now(),
  primary key (journal_id, sheet_id)
);

alter table public.sheet_journal_positions enable row level security;
