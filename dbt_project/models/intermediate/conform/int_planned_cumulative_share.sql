-- Per indicator x quarter 1..4: the value planned by the end of the quarter and its share of the annual target,
-- under the semantics decided in int_quarter_semantics (formulas documented in _conform__models.yml).
with s as (select * from {{ ref('int_quarter_semantics') }}),

quarters as (
    select s.*, qn.quarter,
        case qn.quarter when 1 then q1 when 2 then q2 when 3 then q3 else q4 end as quarter_value,
        case qn.quarter when 1 then q1 when 2 then q1 + q2 when 3 then q1 + q2 + q3 else q1 + q2 + q3 + q4 end as running_sum
    from s cross join (select unnest([1, 2, 3, 4]) as quarter) qn
)

select
    submission_id,
    table_id,
    record_no,
    quarter,
    semantics,
    annual,
    quarter_value,
    case semantics
        when 'increment'  then running_sum
        when 'cumulative' then quarter_value
        when 'level'      then quarter_value
        when 'share'      then running_sum
    end as planned_cumulative_value,
    case
        when semantics = 'share' and quarter_sum <> 0 then round(running_sum / quarter_sum, 6)
        when annual is null or annual = 0 then null
        when semantics = 'increment'  then round(running_sum / annual, 6)
        when semantics = 'cumulative' then round(quarter_value / annual, 6)
        when semantics = 'level'      then round(quarter_value / annual, 6)
    end::double as planned_cumulative_share
from quarters
