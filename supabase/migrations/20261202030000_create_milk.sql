-- Milk pay (DESIGN §8, RULES-FR §2 MILK-01..06, §4 INV-04/05/07/09; docs/decisions/014-milk-pay.md):
-- the farms a dairy collects, its price grid as versioned data, collections and lab analyses in
-- integer units, the monthly pay statement frozen behind each self-billed invoice (type 389),
-- and the producer's contests of those invoices.

-- A producer whose milk the dairy (a buyer organisation) collects, with its number at the dairy
-- (the key of lab and collection exports).
create table public.milk_suppliers (
  dairy_id uuid not null references public.organisations (id) on delete restrict,
  producer_id uuid not null references public.organisations (id) on delete restrict,
  supplier_code text not null check (supplier_code ~ '^[A-Za-z0-9._/-]{1,20}$'),
  since_on date not null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (dairy_id, producer_id),
  unique (dairy_id, supplier_code),
  check (dairy_id <> producer_id)
);
create index milk_suppliers_producer_idx on public.milk_suppliers (producer_id);

-- The dairy's grid (base price, composition bands, hygiene classes, premiums, rules), validated
-- by DairyGridSchema (app/domain/milk/dairy-grid.ts). A month is paid with the last version of
-- the grid whose validity starts on or before the first day of the month. Versions are never
-- changed: statements cite the one they used.
create table public.milk_grids (
  id uuid primary key default gen_random_uuid(),
  dairy_id uuid not null references public.organisations (id) on delete restrict,
  valid_from date not null check (extract(day from valid_from) = 1),
  version integer not null check (version >= 1),
  grid jsonb not null,
  note text not null default '' check (length(note) <= 300),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (dairy_id, valid_from, version)
);

-- One collection of a farm's tank: whole litres measured by the tanker (MILK-03).
create table public.milk_collections (
  id uuid primary key default gen_random_uuid(),
  dairy_id uuid not null,
  producer_id uuid not null,
  collected_on date not null,
  tour text not null default '' check (length(tour) <= 40),
  tank text not null default '' check (length(tank) <= 40),
  litres integer not null check (litres between 1 and 100000),
  source text not null check (source in ('manual', 'csv')),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (dairy_id, producer_id) references public.milk_suppliers (dairy_id, producer_id) on delete restrict,
  unique (dairy_id, producer_id, collected_on, tour, tank)
);
create index milk_collections_producer_idx on public.milk_collections (producer_id, collected_on);
create trigger milk_collections_updated_at before update on public.milk_collections
  for each row execute function public.set_updated_at();

-- One lab sample (MILK-01, MILK-04): contents in mg/L, freezing point in thousandths of °C,
-- counts per mL (germs at 30 °C, somatic cells) or per L (butyric spores).
create table public.milk_analyses (
  id uuid primary key default gen_random_uuid(),
  dairy_id uuid not null,
  producer_id uuid not null,
  sampled_on date not null,
  sample_ref text not null default '' check (length(sample_ref) <= 40),
  fat_mg_per_l integer check (fat_mg_per_l between 20000 and 80000),
  protein_mg_per_l integer check (protein_mg_per_l between 20000 and 80000),
  germs_per_ml integer check (germs_per_ml >= 0),
  cells_per_ml integer check (cells_per_ml >= 0),
  freezing_point_milli_c integer check (freezing_point_milli_c between -700 and -400),
  antibiotics text check (antibiotics in ('negative', 'positive')),
  butyric_spores_per_l integer check (butyric_spores_per_l >= 0),
  source text not null check (source in ('manual', 'csv')),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (dairy_id, producer_id) references public.milk_suppliers (dairy_id, producer_id) on delete restrict,
  unique (dairy_id, producer_id, sampled_on, sample_ref),
  check (num_nonnulls(fat_mg_per_l, protein_mg_per_l, germs_per_ml, cells_per_ml,
                      freezing_point_milli_c, antibiotics, butyric_spores_per_l) > 0)
);
create index milk_analyses_producer_idx on public.milk_analyses (producer_id, sampled_on);
create trigger milk_analyses_updated_at before update on public.milk_analyses
  for each row execute function public.set_updated_at();

-- The monthly pay of one producer by one dairy as invoiced: the computation (trace, results,
-- EU means, warnings) frozen next to the self-billed invoice it produced. A contest corrected by
-- a credit note and a new invoice adds the next revision; the highest revision is the current one.
create table public.milk_pay_statements (
  id uuid primary key default gen_random_uuid(),
  dairy_id uuid not null,
  producer_id uuid not null,
  month date not null check (extract(day from month) = 1),
  revision integer not null check (revision >= 1),
  invoice_id uuid not null unique references public.invoices (id) on delete restrict,
  mandate_id uuid not null references public.billing_mandates (id) on delete restrict,
  grid_id uuid not null references public.milk_grids (id) on delete restrict,
  litres integer not null check (litres > 0),
  -- €/1000 L in thousandths of a euro: 486.773 € = 486 773.
  price_milli_eur_per_1000_l integer not null check (price_milli_eur_per_1000_l >= 0),
  fat_tenths integer not null,
  protein_tenths integer not null,
  net_cents integer not null check (net_cents >= 0),
  vat_cents integer not null check (vat_cents >= 0),
  -- Flat-rate farmers (VAT-05): what the farmer claims from the State, never invoiced.
  flat_rate_refund_cents integer check (flat_rate_refund_cents >= 0),
  statement jsonb not null,
  issued_by uuid references auth.users (id) on delete set null,
  issued_at timestamptz not null default now(),
  foreign key (dairy_id, producer_id) references public.milk_suppliers (dairy_id, producer_id) on delete restrict,
  unique (dairy_id, producer_id, month, revision)
);
create index milk_pay_statements_producer_idx on public.milk_pay_statements (producer_id, month);

-- The producer contests a self-billed invoice within the mandate's period (INV-07). The dairy
-- corrects the month (credit note 261 + new invoice 389) or rejects the contest with a reason.
create table public.milk_invoice_contests (
  id uuid primary key default gen_random_uuid(),
  statement_id uuid not null references public.milk_pay_statements (id) on delete restrict,
  dairy_id uuid not null references public.organisations (id) on delete restrict,
  producer_id uuid not null references public.organisations (id) on delete restrict,
  contested_on date not null,
  reason text not null check (length(btrim(reason)) between 3 and 1000),
  contested_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  status text not null default 'open' check (status in ('open', 'corrected', 'rejected')),
  resolved_at timestamptz,
  resolved_by uuid references auth.users (id) on delete set null,
  credit_note_id uuid references public.invoices (id) on delete restrict,
  replacement_statement_id uuid references public.milk_pay_statements (id) on delete restrict,
  rejection_reason text check (length(rejection_reason) <= 1000),
  check ((status = 'open') = (resolved_at is null)),
  check ((status = 'corrected') = (credit_note_id is not null and replacement_statement_id is not null)),
  check ((status = 'rejected') = (rejection_reason is not null))
);
create unique index milk_invoice_contests_one_open on public.milk_invoice_contests (statement_id)
  where status = 'open';

-- Write-once rows: grids, statements.
create function public.reject_milk_history_change() returns trigger language plpgsql as $$
begin
  raise exception 'Donnée de paie du lait figée : elle ne se modifie ni ne se supprime.';
end
$$;
create trigger milk_grids_immutable before update or delete on public.milk_grids
  for each row execute function public.reject_milk_history_change();
create trigger milk_pay_statements_immutable before update or delete on public.milk_pay_statements
  for each row execute function public.reject_milk_history_change();

-- A month invoiced (its current statement not under an open contest) is closed: its collections
-- and analyses no longer change (INV-06: corrections go through a credit note).
create function public.milk_month_is_invoiced(dairy uuid, producer uuid, day date)
returns boolean language sql stable as $$
  select exists (
    select 1 from public.milk_pay_statements s
     where s.dairy_id = dairy and s.producer_id = producer
       and s.month = date_trunc('month', day)::date
       and s.revision = (select max(s2.revision) from public.milk_pay_statements s2
                          where s2.dairy_id = s.dairy_id and s2.producer_id = s.producer_id
                            and s2.month = s.month)
       and not exists (select 1 from public.milk_invoice_contests c
                        where c.statement_id = s.id and c.status = 'open'))
$$;

create function public.guard_milk_record() returns trigger language plpgsql as $$
declare
  -- The day column is the trigger's argument (collected_on, sampled_on).
  row_day date;
begin
  if tg_op <> 'INSERT' then
    row_day := (to_jsonb(old) ->> tg_argv[0])::date;
    if public.milk_month_is_invoiced(old.dairy_id, old.producer_id, row_day) then
      raise exception 'Mois de lait déjà facturé : ses collectes et analyses ne changent plus.'
        using hint = 'Contestation du producteur, puis avoir et nouvelle facture (CGI art. 289 I-5).';
    end if;
  end if;
  if tg_op <> 'DELETE' then
    row_day := (to_jsonb(new) ->> tg_argv[0])::date;
    if public.milk_month_is_invoiced(new.dairy_id, new.producer_id, row_day) then
      raise exception 'Mois de lait déjà facturé : ses collectes et analyses ne changent plus.'
        using hint = 'Contestation du producteur, puis avoir et nouvelle facture (CGI art. 289 I-5).';
    end if;
    return new;
  end if;
  return old;
end
$$;
create trigger milk_collections_guard before insert or update or delete on public.milk_collections
  for each row execute function public.guard_milk_record('collected_on');
create trigger milk_analyses_guard before insert or update or delete on public.milk_analyses
  for each row execute function public.guard_milk_record('sampled_on');

alter table public.milk_suppliers enable row level security;
alter table public.milk_grids enable row level security;
alter table public.milk_collections enable row level security;
alter table public.milk_analyses enable row level security;
alter table public.milk_pay_statements enable row level security;
alter table public.milk_invoice_contests enable row level security;
