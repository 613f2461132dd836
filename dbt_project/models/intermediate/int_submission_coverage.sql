-- Every region (seeds/regions.csv) x every fiscal year seen x every document type seen: received or not, versions
-- sent, received dates, load status (loaded / quarantined with the reason, or not_received). The one notion of
-- "received" both coverage marts use: marts.mart_submission_coverage (question 6, with the regions' names) and
-- marts.mart_province_coverage (per province).
with subs as (
    select s.*, st.status as build_status, st.status_message
    from {{ ref('stg_landing__submissions') }} s join {{ ref('int_submission_status') }} st using (submission_id)
),
years as (select distinct fiscal_year from subs where fiscal_year is not null),
doc_types as (select distinct document_type from subs where document_type is not null),
q as (
    select submission_id, string_agg(coalesce(message, expected), '; ' order by source_line, message, expected) as reason
    from {{ ref('stg_landing__quarantine') }} where submission_id is not null group by 1
),
per_cell as (
    select s.region_code, s.fiscal_year, s.document_type,
        count(*)                                                        as submissions_received,
        string_agg(distinct s.plan_version, ', ' order by s.plan_version) as versions_received,
        bool_or(s.plan_version = 'perubahan')                           as has_revision,
        min(s.received_date)                                            as first_received_date,
        max(s.received_date)                                            as last_received_date,
        string_agg(distinct s.agency_name, '; ' order by s.agency_name)                      as agency_names,
        count(*) filter (where s.build_status = 'loaded')               as submissions_loaded,
        -- held back: unreadable, unknown region, or conflicting (duplicates and superseded ones are not failures)
        count(*) filter (where s.build_status in ('quarantined', 'conflict')) as submissions_failed,
        string_agg(coalesce(q.reason, s.status_message), '; ' order by s.submission_id)
            filter (where s.build_status in ('quarantined', 'conflict'))                                as quarantine_reason
    from subs s left join q using (submission_id)
    group by all
)
select
    r.region_code,
    y.fiscal_year, d.document_type,
    coalesce(c.submissions_received, 0) > 0                             as is_received,
    coalesce(c.submissions_received, 0)                                 as submissions_received,
    c.versions_received,
    coalesce(c.has_revision, false)                                     as has_revision,
    c.first_received_date, c.last_received_date, c.agency_names,
    case when c.submissions_received is null then 'not_received'
         when c.submissions_failed > 0 and c.submissions_loaded = 0 then 'quarantined'
         when c.submissions_failed > 0 then 'partly_quarantined'
         else 'loaded' end                                              as load_status,
    c.quarantine_reason
from {{ ref('regions') }} r
cross join years y
cross join doc_types d
left join per_cell c on c.region_code = r.region_code and c.fiscal_year = y.fiscal_year and c.document_type = d.document_type
