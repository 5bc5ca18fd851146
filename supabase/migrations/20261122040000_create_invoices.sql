-- Issued invoices and credit notes (DESIGN §7, STYLE §6.8, docs/decisions/006-invoice-numbering.md).
-- A row exists only once the document is issued: there are no drafts in these tables, so every
-- row is immutable (CGI ann. II art. 242 nonies A; corrections are credit notes, CGI 289 I-5).
-- Everything printed is snapshotted at issue (`snapshot`, the domain InvoiceSnapshot) together
-- with the Factur-X CII XML generated from it; the columns beside it are for listing and search.

-- Counter rows: one per issuer, series and year (yearly reset). A number is allocated inside the
-- issuing transaction by `update … set next_number = next_number + n … returning`, which locks
-- the row until commit: a rolled-back issue gives its numbers back, so the sequence has no gap
-- (never a SEQUENCE, never count(*) + 1).
create table public.invoice_series (
  issuer_id uuid not null references public.organisations (id) on delete restrict,
  series text not null check (series ~ '^[A-Z]{1,8}$'),
  year integer not null check (year between 2000 and 2099),
  next_number integer not null default 1 check (next_number >= 1),
  -- Chronological sequence: a later number never carries an earlier issue date.
  last_issued_on date,
  primary key (issuer_id, series, year)
);

create function public.guard_invoice_series() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' or new.next_number < old.next_number
     or new.issuer_id <> old.issuer_id or new.series <> old.series or new.year <> old.year then
    raise exception 'Série de factures : le compteur ne recule jamais et ne se supprime pas (numérotation continue).';
  end if;
  return new;
end
$$;
create trigger invoice_series_guard before update or delete on public.invoice_series
  for each row execute function public.guard_invoice_series();

create table public.invoices (
  id uuid primary key default gen_random_uuid(),
  -- The seller, in whose name the document is issued.
  issuer_id uuid not null references public.organisations (id) on delete restrict,
  series text not null,
  fiscal_year integer not null,
  number integer not null check (number >= 1),
  -- BT-1 as printed, e.g. F2026-000123 (BR-FR-01/02).
  display_number text not null check (display_number ~ '^[A-Za-z0-9+_/-]{1,35}$'),
  -- 380 invoice, 381 credit note, 389 self-billed invoice, 261 self-billed credit note.
  type_code text not null check (type_code in ('380', '381', '389', '261')),
  buyer_kind text not null check (buyer_kind in ('b2b', 'b2c')),
  issued_on date not null,
  -- Delivery day, or the last day of the billing period of a periodic invoice.
  delivered_on date,
  due_on date,
  round_id uuid references public.delivery_rounds (id) on delete restrict,
  household_id uuid references public.households (id) on delete restrict,
  customer_organisation_id uuid references public.organisations (id) on delete restrict,
  preceding_invoice_id uuid references public.invoices (id) on delete restrict,
  buyer_name text not null,
  net_total_cents integer not null check (net_total_cents >= 0),
  vat_total_cents integer not null check (vat_total_cents >= 0),
  gross_total_cents integer not null check (gross_total_cents = net_total_cents + vat_total_cents),
  snapshot jsonb not null,
  cii_xml text not null,
  -- Who issued it (no foreign key: deleting a user must not have to touch an issued invoice).
  issued_by uuid,
  created_at timestamptz not null default now(),
  check ((household_id is null) <> (customer_organisation_id is null)),
  check ((type_code in ('381', '261')) = (preceding_invoice_id is not null)),
  check (fiscal_year = extract(year from issued_on)),
  unique (issuer_id, series, fiscal_year, number),
  unique (issuer_id, display_number)
);
create index invoices_issuer_issued_idx on public.invoices (issuer_id, issued_on, display_number);
create index invoices_round_idx on public.invoices (round_id);
create index invoices_preceding_idx on public.invoices (preceding_invoice_id);

-- Denormalised lines, as printed (the snapshot stays the reference).
create table public.invoice_lines (
  invoice_id uuid not null references public.invoices (id) on delete restrict,
  position integer not null check (position >= 1),
  -- EN 16931 BT-126; a credit-note line keeps the id of the invoice line it credits.
  line_id text not null,
  order_line_id uuid references public.order_lines (id) on delete restrict,
  label text not null,
  quantity_milli integer not null check (quantity_milli >= 0),
  unit_code text not null,
  -- Net unit price (VAT excluded) for price_base_quantity_milli of the unit (BT-146/BT-149).
  unit_price_cents integer not null check (unit_price_cents >= 0),
  price_base_quantity_milli integer not null check (price_base_quantity_milli > 0),
  net_amount_cents integer not null check (net_amount_cents >= 0),
  vat_category text not null check (vat_category in ('S', 'E')),
  vat_rate_bp integer not null check (vat_rate_bp >= 0),
  contract_reference text,
  price_trace jsonb,
  primary key (invoice_id, position)
);
create index invoice_lines_order_line_idx on public.invoice_lines (order_line_id);

-- Which orders an invoice bills: an order is invoiced once.
create table public.invoice_orders (
  invoice_id uuid not null references public.invoices (id) on delete restrict,
  order_id uuid not null unique references public.orders (id) on delete restrict,
  primary key (invoice_id, order_id)
);

create function public.reject_issued_invoice_change() returns trigger language plpgsql as $$
begin
  raise exception 'Facture émise : elle ne peut être ni modifiée ni supprimée ; établissez un avoir.'
    using hint = 'CGI ann. II art. 242 nonies A et CGI art. 289 I-5.';
end
$$;
create trigger invoices_immutable before update or delete on public.invoices
  for each row execute function public.reject_issued_invoice_change();
create trigger invoices_no_truncate before truncate on public.invoices
  for each statement execute function public.reject_issued_invoice_change();
create trigger invoice_lines_immutable before update or delete on public.invoice_lines
  for each row execute function public.reject_issued_invoice_change();
create trigger invoice_lines_no_truncate before truncate on public.invoice_lines
  for each statement execute function public.reject_issued_invoice_change();
create trigger invoice_orders_immutable before update or delete on public.invoice_orders
  for each row execute function public.reject_issued_invoice_change();

alter table public.invoice_series enable row level security;
alter table public.invoices enable row level security;
alter table public.invoice_lines enable row level security;
alter table public.invoice_orders enable row level security;
