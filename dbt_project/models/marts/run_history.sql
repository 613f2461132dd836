-- One row per refresh run, from the landing state's run log. The run building this file (its run_id, written by
-- rekap.warehouse.build: macros/build_run.sql) is published only if this build and its tests pass: its row says
-- 'published' and counts the facts published; its end time and test counts are recorded by the next file.
{%- set run_id = build_run('run_id') %}
with facts as (
    select
        (select count(*) from {{ ref('fct_budget') }})      as rows_fct_budget,
        (select count(*) from {{ ref('fct_target') }})      as rows_fct_target,
        (select count(*) from {{ ref('fct_realisation') }}) as rows_fct_realisation
)
select r.* replace (
    case when r.run_id = {{ run_id }} then 'published' else r.status end                   as status,
    case when r.run_id = {{ run_id }} then f.rows_fct_budget else r.rows_fct_budget end     as rows_fct_budget,
    case when r.run_id = {{ run_id }} then f.rows_fct_target else r.rows_fct_target end     as rows_fct_target,
    case when r.run_id = {{ run_id }} then f.rows_fct_realisation else r.rows_fct_realisation end as rows_fct_realisation
)
from {{ ref('stg_landing__runs') }} r
cross join facts f
