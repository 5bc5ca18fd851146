-- A household's note on a sheet (« je passe vers 19 h », « sans sac plastique »), the comment
-- column of the group's old spreadsheet: one per household per sheet, written while the sheet
-- is open by the household or the coordinator, printed on the distribution list. Not part of
-- the live document (docs/sync.md unchanged): saved by a form, read on each page load.
create table public.sheet_notes (
  sheet_id uuid not null references public.sheets (id) on delete cascade,
  household_id uuid not null references public.households (id) on delete cascade,
  note text not null check (length(note) between 1 and 280),
  updated_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (sheet_id, household_id)
);

alter table public.sheet_notes enable row level security;
