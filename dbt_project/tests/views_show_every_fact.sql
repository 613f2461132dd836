-- The public views leave no fact out: every figure of every plan version and level in a fact table is one row of
-- its view (a view that filtered versions or levels, or lost rows in a join, would silently answer less).
with counts as (
    select 'v_budget' as view_name,
           (select count(*) from {{ ref('fct_budget') }}) as facts,
           (select count(*) from {{ ref('v_budget') }}) as view_rows
    union all
    select 'v_target', (select count(*) from {{ ref('fct_target') }}), (select count(*) from {{ ref('v_target') }})
    union all
    select 'v_realisation', (select count(*) from {{ ref('fct_realisation') }}),
           (select count(*) from {{ ref('v_realisation') }})
)
select * from counts where facts <> view_rows
