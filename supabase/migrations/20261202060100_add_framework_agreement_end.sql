-- End of life of a framework agreement (RULES-FR EG-16, L631-24 VI CRPM, applied to the
-- accord-cadre's duration clause): a non-renewal notice by either side ends it with the first
-- term the notice allows; a termination for one of its cases ends it once its notice has run.
-- end_on then holds the last covered day (computed in app/domain/egalim/contract-dates.ts).

alter table public.framework_agreements
  add column notice_given_on date,
  add column notice_by text check (notice_by in ('op', 'buyer')),
  add column terminated_on date,
  add column terminated_by text check (terminated_by in ('op', 'buyer')),
  add column termination_reason text check (termination_reason is null or length(termination_reason) <= 1000),
  add constraint framework_agreements_notice_check
    check ((notice_given_on is null) = (notice_by is null)
      and (notice_given_on is null or (status = 'signed' and end_on is not null))),
  add constraint framework_agreements_termination_check
    check ((terminated_on is null) = (terminated_by is null)
      and (terminated_on is null or (status = 'signed' and end_on is not null
        and length(btrim(coalesce(termination_reason, ''))) >= 3)));
