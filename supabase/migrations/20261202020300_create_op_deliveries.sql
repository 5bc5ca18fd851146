-- Deliveries a producer organisation records per member per buyer under a signed framework
-- agreement, priced at the delivery date (agreement formula with its trace, or a fixed price),
-- and the invoices the OP issued from them in the members' names under their billing mandates
-- (RULES-FR EG-23, INV-07). docs/decisions/013-producer-organisations.md.

create table public.op_deliveries (
  id uuid primary key default gen_random_uuid(),
  op_id uuid not null references public.organisations (id) on delete restrict,
  member_id uuid not null references public.op_members (id) on delete restrict,
  -- The member's producer organisation, the seller (denormalised from op_members).
  producer_id uuid not null references public.organisations (id) on delete restrict,
  buyer_id uuid not null references public.organisations (id) on delete restrict,
  agreement_id uuid not null references public.framework_agreements (id) on delete restrict,
  delivered_on date not null,
  product_label text not null check (length(btrim(product_label)) between 1 and 120),
  egalim_category text not null,
  unit_code text not null check (unit_code in ('LTR', 'KGM', 'TNE', 'C62')),
  quantity_milli integer not null check (quantity_milli > 0),
  -- Net price of price_base_quantity_milli of the unit (0,48677 €/L = 48 677 c per 1 000 L).
  unit_price_cents integer not null check (unit_price_cents >= 0),
  price_base_quantity_milli integer not null check (price_base_quantity_milli > 0),
  vat_rate_bp integer not null check (vat_rate_bp >= 0),
  price_source text not null check (price_source in ('agreement', 'manual')),
  price_reason text check (length(price_reason) <= 300),
  -- Every step of the price computation (evaluatePrice trace), printed on the invoice.
  price_trace jsonb not null default '[]'::jsonb,
  invoice_id uuid references public.invoices (id) on delete restrict,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  check (price_source <> 'manual' or length(btrim(coalesce(price_reason, ''))) >= 3)
);
create index op_deliveries_op_month_idx on public.op_deliveries (op_id, delivered_on);
create index op_deliveries_agreement_idx on public.op_deliveries (agreement_id, member_id);
create index op_deliveries_invoice_idx on public.op_deliveries (invoice_id);

-- An invoiced delivery is part of an issued invoice: it no longer changes (corrections go
-- through a credit note, CGI 289 I-5). Only invoice_id is written, once.
create function public.guard_op_delivery() returns trigger language plpgsql as $$
begin
  if old.invoice_id is not null then
    raise exception 'Livraison facturée : elle ne change plus ; établissez un avoir.';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end
$$;
create trigger op_deliveries_guard before update or delete on public.op_deliveries
  for each row execute function public.guard_op_delivery();

-- Invoices the OP issued in a member's name (the invoice's issuer is the member, the seller).
create table public.op_invoices (
  invoice_id uuid primary key references public.invoices (id) on delete restrict,
  op_id uuid not null references public.organisations (id) on delete restrict,
  mandate_id uuid not null references public.billing_mandates (id) on delete restrict,
  member_id uuid not null references public.op_members (id) on delete restrict,
  buyer_id uuid not null references public.organisations (id) on delete restrict,
  issued_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index op_invoices_op_idx on public.op_invoices (op_id, buyer_id);
create trigger op_invoices_immutable before update or delete on public.op_invoices
  for each row execute function public.reject_issued_invoice_change();

alter table public.op_deliveries enable row level security;
alter table public.op_invoices enable row level security;
