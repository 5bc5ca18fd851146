-- A member's answer to each invoice its OP issued in its name (RULES-FR INV-07, CGI 289 I-2:
-- « subject to his acceptance »; RULES-FR §8 point 7: the invoice issued by the mandatary and
-- accepted by the supplier is deemed issued in his name): acceptance, or a contest with its
-- written reason within the mandate's period, and the OP's resolution — a reasoned rejection,
-- or a correction (credit note 381 cancelling the invoice, then a rectifying invoice 380, both
-- in the member's name in the mandate's series). Append-only: the state of an invoice is read
-- from its events (app/domain/op/invoice-review.ts). docs/decisions/013-producer-organisations.md.

create table public.op_invoice_events (
  id uuid primary key default gen_random_uuid(),
  invoice_id uuid not null references public.op_invoices (invoice_id) on delete restrict,
  -- 1, 2, … per invoice, written under the op_invoices row lock: the order of the history.
  sequence integer not null check (sequence >= 1),
  kind text not null check (kind in ('accepted', 'contested', 'contest_rejected', 'corrected')),
  -- Paris day of the event (the contest deadline is compared with it).
  occurred_on date not null,
  reason text check (reason is null or length(reason) <= 1000),
  credit_note_id uuid references public.invoices (id) on delete restrict,
  replacement_invoice_id uuid references public.invoices (id) on delete restrict,
  actor_user_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (invoice_id, sequence),
  check (kind not in ('contested', 'contest_rejected') or length(btrim(coalesce(reason, ''))) >= 3),
  check ((kind = 'corrected') = (credit_note_id is not null)),
  check (replacement_invoice_id is null or kind = 'corrected')
);
-- Accepted once, corrected once: after that the invoice is settled (a rectifying invoice has
-- its own events).
create unique index op_invoice_events_once on public.op_invoice_events (invoice_id, kind)
  where kind in ('accepted', 'corrected');
create index op_invoice_events_credit_note_idx on public.op_invoice_events (credit_note_id);

create function public.reject_op_invoice_event_change() returns trigger language plpgsql as $$
begin
  raise exception 'op_invoice_events est en écriture seule : l’historique d’une facture ne change plus'
    using errcode = 'P0001';
end
$$;
create trigger op_invoice_events_append_only before update or delete on public.op_invoice_events
  for each row execute function public.reject_op_invoice_event_change();

-- What a correction changed, delivery by delivery: the quantity and price on the rectifying
-- invoice (0: the delivery is dropped), so delivered volumes follow the corrected documents.
create table public.op_delivery_corrections (
  event_id uuid not null references public.op_invoice_events (id) on delete restrict,
  delivery_id uuid not null references public.op_deliveries (id) on delete restrict,
  -- The rectifying invoice and its line carrying the delivery; null when dropped.
  replacement_invoice_id uuid references public.invoices (id) on delete restrict,
  line_id text,
  quantity_milli integer not null check (quantity_milli >= 0),
  unit_price_cents integer not null check (unit_price_cents >= 0),
  price_trace jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  primary key (event_id, delivery_id),
  check ((quantity_milli = 0) = (line_id is null)),
  check (line_id is null or replacement_invoice_id is not null)
);
create index op_delivery_corrections_delivery_idx on public.op_delivery_corrections (delivery_id, created_at);
create index op_delivery_corrections_invoice_idx on public.op_delivery_corrections (replacement_invoice_id);
create trigger op_delivery_corrections_append_only before update or delete on public.op_delivery_corrections
  for each row execute function public.reject_op_invoice_event_change();

alter table public.op_invoice_events enable row level security;
alter table public.op_delivery_corrections enable row level security;
