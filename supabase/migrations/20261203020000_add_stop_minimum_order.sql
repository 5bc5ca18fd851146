-- Minimum order per stop (FoodCoopShop's « minimum order per producer », Foodsoft's end action
-- « only above a minimum »): a producer delivers a stop only if its orders reach this amount,
-- in cents at the prices the customers pay (TTC for a group's households, HT for a
-- professional buyer). Null: no minimum. The live sheet shows each producer's progress towards
-- it; closing a sheet below it says so (docs/decisions/020-minimum-order-per-stop.md).

alter table public.round_stops
  add column minimum_order_cents integer check (minimum_order_cents > 0);
