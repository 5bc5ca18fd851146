-- The pack size is part of a published catalogue (« Par colis de 5 kg » on the public pages):
-- anon may read it through the Data API like the step and the per-household maximum.
grant select (pack_milli) on public.products to anon;
