-- Pack size (Foodsoft#260, FoodCoopShop#909): a product the producer hands over by whole packs
-- (a 5 kg crate of apples, a 6-bottle case, a 2 kg cheese wheel) that a group fills together.
-- pack_milli is the pack's content in thousandths of the sale unit (of a piece for
-- variable-weight products, like every quantity), a whole number of steps. Null: sold loose.
-- The live sheet shows each product's packs and what the open one lacks; the picking lists
-- count packs (app/domain/ordering/pack-fill.ts).

alter table public.products
  add column pack_milli integer check (pack_milli > 0),
  add constraint products_pack_step_check check (pack_milli is null or pack_milli % step_milli = 0);
