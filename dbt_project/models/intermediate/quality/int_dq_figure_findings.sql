-- Checks figure_places_disagree, figure_name_collision, figure_unreadable_number: the findings about figures of
-- int_figure_findings, as data-quality findings (the message is already a sentence naming its line(s)).
select
    submission_id, source_line, 'figure_' || finding_type as check_name, 'warning' as severity, message,
    null::decimal(38, 6) as figure_stated, null::decimal(38, 6) as figure_computed, null::decimal(38, 6) as difference
from {{ ref('int_figure_findings') }}
where finding_type in ('places_disagree', 'name_collision', 'unreadable_number')
