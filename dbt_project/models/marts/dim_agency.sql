-- One row per agency (region_code + agency name as the submissions give it) with its region and province.
with submissions as (select * from {{ ref('stg_landing__submissions') }}),
agencies as (
    select
        region_code,
        agency_name,
        min(fiscal_year) as first_fiscal_year,
        max(fiscal_year) as last_fiscal_year,
        count(*)         as submission_count
    from submissions
    where agency_name is not null
    group by region_code, agency_name
)
select
    {{ agency_id('a.region_code', 'a.agency_name') }} as agency_id,
    a.agency_name,
    a.region_code,
    r.region_name,
    r.region_level,
    r.province_code,
    r.province_name,
    a.first_fiscal_year,
    a.last_fiscal_year,
    a.submission_count
from agencies a
left join {{ ref('dim_region') }} r on r.region_code = a.region_code
