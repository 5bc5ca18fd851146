-- A producer never has two live rounds with the same title on the same day: "duplicate last
-- week's round" onto a day that already has it is refused instead of doubling every stop's
-- sheet. Titles compare trimmed and case-insensitively; cancelled rounds free their slot.
-- (docs/decisions/007-delivery-rounds.md)
create unique index delivery_rounds_producer_day_title_key
  on public.delivery_rounds (producer_id, delivery_on, lower(btrim(title)))
  where status <> 'cancelled';
