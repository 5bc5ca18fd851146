-- A contract price computed by a formula keeps its decimals (5.332 €/kg is 5 332 cents per
-- 10 kg): order lines carry the quantity their unit price is for, like invoice lines
-- (EN 16931 BT-146/BT-149), so the net amount is rounded once, on the invoice line.
alter table public.order_lines
  add column price_base_quantity_milli integer not null default 1000
    check (price_base_quantity_milli > 0);
