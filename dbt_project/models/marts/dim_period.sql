-- Fiscal year x quarter (1..4) plus the whole year (quarter NULL), for every year any figure or submission names.
with years as (
    select fiscal_year from {{ ref('int_figures_deduplicated') }}
    union
    select fiscal_year from {{ ref('stg_landing__submissions') }}
),
bounds as (select min(fiscal_year) as y0, max(fiscal_year) as y1 from years where fiscal_year is not null),
all_years as (select unnest(range(y0, y1 + 1)) as fiscal_year from bounds where y0 is not null),
quarters as (select unnest([null, 1, 2, 3, 4]::integer[]) as quarter)
select
    {{ period_id('y.fiscal_year', 'q.quarter') }}::integer                      as period_id,
    y.fiscal_year::integer                                                     as fiscal_year,
    q.quarter                                                                  as quarter,
    case when q.quarter is null then y.fiscal_year::varchar
         else y.fiscal_year::varchar || ' TW ' || ['I', 'II', 'III', 'IV'][q.quarter] end as period_label,
    case when q.quarter is null then make_date(y.fiscal_year::integer, 1, 1)
         else make_date(y.fiscal_year::integer, 3 * q.quarter - 2, 1) end      as period_start,
    case when q.quarter is null then make_date(y.fiscal_year::integer, 12, 31)
         else (make_date(y.fiscal_year::integer, 3 * q.quarter, 1) + interval 1 month - interval 1 day)::date end as period_end
from all_years y
cross join quarters q
