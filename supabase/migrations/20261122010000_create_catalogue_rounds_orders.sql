-- Catalogue (products and their price history), delivery rounds (stops, offers with shared
-- stock) and orders (one per customer per seller per stop; lines snapshot prices at order time).
-- Units: money in integer cents, quantities in thousandths of the sale unit (of a piece for
-- variable-weight products), VAT in basis points (docs/decisions/003-money-representation.md).

create table public.products (
  id uuid primary key default gen_random_uuid(),
  producer_id uuid not null references public.organisations (id) on delete cascade,
  sku text not null check (length(sku) between 1 and 40),
  name text not null check (length(name) between 1 and 120),
  description text not null default '' check (length(description) <= 2000),
  egalim_category text not null check (egalim_category in (
    'bovine_male_12_24m', 'bovine_heifer', 'bovine_cow', 'bovine_store_lt12m', 'pig', 'milk_cow',
    'milk_goat', 'milk_ewe', 'lamb_lt12m', 'cider_apple', 'perry_pear', 'fruit_vegetable',
    'cereal', 'honey', 'wine', 'egg', 'other')),
  is_siqo boolean not null default false,
  shelf text not null default '' check (length(shelf) <= 60),
  sale_unit text not null check (sale_unit in (
    'piece', 'kg', 'g', 'l', 'cl', 'ml', 'dozen', 'bunch', 'jar', 'tray', 'box', 'bottle', 'bag')),
  is_variable_weight boolean not null default false,
  estimated_weight_grams integer check (estimated_weight_grams > 0),
  step_milli integer not null check (step_milli > 0),
  max_per_household_milli integer check (max_per_household_milli > 0),
  vat_rate_bp integer check (vat_rate_bp in (550, 1000, 2000)),
  consumer_price_gross_cents integer not null check (consumer_price_gross_cents >= 0),
  pro_price_net_cents integer check (pro_price_net_cents >= 0),
  labels text[] not null default '{}',
  is_active boolean not null default true,
  photo_path text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (not is_variable_weight or (sale_unit = 'kg' and estimated_weight_grams is not null)),
  check (max_per_household_milli is null or max_per_household_milli % step_milli = 0)
);
create unique index products_producer_sku_key on public.products (producer_id, upper(sku));
create index products_producer_idx on public.products (producer_id, shelf, name);
create trigger products_updated_at before update on public.products
  for each row execute function public.set_updated_at();

-- Every price or VAT change is kept, whoever writes it (the app sets cabas.actor_user_id).
create table public.product_price_changes (
  id bigint generated always as identity primary key,
  product_id uuid not null references public.products (id) on delete cascade,
  changed_at timestamptz not null default now(),
  changed_by uuid references auth.users (id) on delete set null,
  consumer_price_gross_cents integer not null,
  pro_price_net_cents integer,
  vat_rate_bp integer
);
create index product_price_changes_product_idx on public.product_price_changes (product_id, changed_at);

create function public.record_product_price() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT'
     or new.consumer_price_gross_cents is distinct from old.consumer_price_gross_cents
     or new.pro_price_net_cents is distinct from old.pro_price_net_cents
     or new.vat_rate_bp is distinct from old.vat_rate_bp then
    insert into public.product_price_changes (product_id, changed_by, consumer_price_gross_cents, pro_price_net_cents, vat_rate_bp)
    values (new.id, nullif(current_setting('cabas.actor_user_id', true), '')::uuid,
            new.consumer_price_gross_cents, new.pro_price_net_cents, new.vat_rate_bp);
  end if;
  return new;
end
$$;
create trigger products_price_history after insert or update on public.products
  for each row execute function public.record_product_price();

create type public.round_status as enum ('planned', 'delivered', 'invoiced', 'cancelled');

create table public.delivery_rounds (
  id uuid primary key default gen_random_uuid(),
  producer_id uuid not null references public.organisations (id) on delete cascade,
  delivery_on date not null,
  title text not null default '' check (length(title) <= 120),
  status public.round_status not null default 'planned',
  notes text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index delivery_rounds_producer_idx on public.delivery_rounds (producer_id, delivery_on);
create trigger delivery_rounds_updated_at before update on public.delivery_rounds
  for each row execute function public.set_updated_at();

-- Stops are neighbourhood groups or professional buyers, in delivery order.
create table public.round_stops (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references public.delivery_rounds (id) on delete cascade,
  position integer not null check (position >= 1),
  organisation_id uuid not null references public.organisations (id) on delete restrict,
  address text not null default '',
  window_start_at timestamptz,
  window_end_at timestamptz,
  order_deadline_at timestamptz not null,
  notes text not null default '',
  unique (round_id, organisation_id),
  constraint round_stops_position_key unique (round_id, position) deferrable initially deferred,
  check (window_end_at is null or window_start_at is null or window_end_at > window_start_at)
);

-- What a round offers; stock is shared by every stop (and so every group sheet) of the round.
create table public.round_offers (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references public.delivery_rounds (id) on delete cascade,
  product_id uuid not null references public.products (id) on delete restrict,
  stock_milli integer check (stock_milli >= 0),
  consumer_price_override_cents integer check (consumer_price_override_cents >= 0),
  pro_price_override_cents integer check (pro_price_override_cents >= 0),
  unique (round_id, product_id)
);

create type public.order_status as enum ('open', 'confirmed', 'cancelled');
create type public.order_source as enum ('sheet', 'pro', 'manual');

-- One order per customer per seller per stop: a household of a group, or an organisation
-- (a professional buyer, or a group buying as a customer).
create table public.orders (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references public.delivery_rounds (id) on delete restrict,
  stop_id uuid not null references public.round_stops (id) on delete restrict,
  seller_id uuid not null references public.organisations (id) on delete restrict,
  household_id uuid references public.households (id) on delete restrict,
  customer_organisation_id uuid references public.organisations (id) on delete restrict,
  source public.order_source not null,
  status public.order_status not null default 'open',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((household_id is null) <> (customer_organisation_id is null))
);
create unique index orders_household_key on public.orders (stop_id, seller_id, household_id) where household_id is not null;
create unique index orders_organisation_key on public.orders (stop_id, seller_id, customer_organisation_id) where customer_organisation_id is not null;
create index orders_round_idx on public.orders (round_id);
create trigger orders_updated_at before update on public.orders
  for each row execute function public.set_updated_at();

-- Prices, VAT and labels are snapshotted when the line is written: invoices never re-read
-- the catalogue. After delivery: delivered quantity (shortage) and actual weight (variable).
create table public.order_lines (
  id uuid primary key default gen_random_uuid(),
  order_id uuid not null references public.orders (id) on delete cascade,
  product_id uuid not null references public.products (id) on delete restrict,
  offer_id uuid references public.round_offers (id) on delete set null,
  product_name text not null,
  sale_unit text not null,
  is_variable_weight boolean not null,
  estimated_weight_grams integer,
  quantity_milli integer not null check (quantity_milli >= 0),
  delivered_quantity_milli integer check (delivered_quantity_milli >= 0),
  actual_weight_grams integer check (actual_weight_grams >= 0),
  -- 'gross': consumer price VAT included (households); 'net': professional price VAT excluded.
  price_basis text not null check (price_basis in ('gross', 'net')),
  unit_price_cents integer not null check (unit_price_cents >= 0),
  vat_rate_bp integer check (vat_rate_bp in (550, 1000, 2000)),
  egalim_category text not null,
  contract_reference text,
  price_trace jsonb,
  unique (order_id, product_id)
);
create index order_lines_product_idx on public.order_lines (product_id);

alter table public.products enable row level security;
alter table public.product_price_changes enable row level security;
alter table public.delivery_rounds enable row level security;
alter table public.round_stops enable row level security;
alter table public.round_offers enable row level security;
alter table public.orders enable row level security;
alter table public.order_lines enable row level security;

-- Published catalogues are public: anon may read active products through the Data API, but
-- only their public columns (never the professional price).
revoke select on public.products from anon;
grant select (id, producer_id, sku, name, description, egalim_category, is_siqo, shelf, sale_unit,
  is_variable_weight, estimated_weight_grams, step_milli, max_per_household_milli, vat_rate_bp,
  consumer_price_gross_cents, labels, is_active, photo_path) on public.products to anon;
create policy products_public_read on public.products for select to anon using (is_active);
