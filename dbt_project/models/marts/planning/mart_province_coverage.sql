-- Coverage as a province reads it: per province and fiscal year, how many of its kabupaten/kota sent any document,
-- whether the provincial government itself did, and which kabupaten/kota have not sent yet (by region code).
-- Built on int_submission_coverage (every region x year x document type, as mart_submission_coverage publishes it),
-- so it follows the same notion of received.
with per_region as (
    select r.province_code, r.province_name, r.region_code, r.region_name, r.region_level, c.fiscal_year,
           bool_or(c.is_received) as is_received
    from {{ ref('int_submission_coverage') }} c
    join {{ ref('dim_region') }} r using (region_code)
    group by all
)
select
    province_code,
    any_value(province_name)                                                           as province_name,
    fiscal_year,
    count(*) filter (where region_level in ('kabupaten', 'kota'))                      as kabkota_total,
    count(*) filter (where region_level in ('kabupaten', 'kota') and is_received)      as kabkota_received,
    coalesce(bool_or(is_received) filter (where region_level = 'provinsi'), false)    as province_received,
    count(*) filter (where is_received)                                                as regions_received,
    string_agg(region_name, ', ' order by region_code)
        filter (where region_level in ('kabupaten', 'kota') and not is_received)      as kabkota_not_received
from per_region
group by province_code, fiscal_year
