-- Reference data only. The demo dataset is built by `npx cabas db seed --demo` from the same
-- model functions the app uses (app/seed/demo.server.ts), so it stays valid as the schema grows.
select 1;
