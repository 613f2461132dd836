-- One fact per figure (see int_figure_places for the identity of a fact). The fact's value is the value stated
-- most often among its places; on a tie, the value of the first place in the document (lowest line). The lineage
-- lists every place (source_lines, places); places whose values disagree make has_conflict true and are listed in
-- int_figure_findings. source_file/source_line name the first place that states the chosen value.
with places as (
    select * from {{ ref('int_figure_places') }}
),
value_votes as (
    select figure_id, value_numeric, count(*) as n_places_with_value, min(source_line) as first_line
    from places
    group by figure_id, value_numeric
),
chosen as (
    select figure_id, value_numeric
    from value_votes
    qualify row_number() over (
        partition by figure_id
        order by (value_numeric is null), n_places_with_value desc, first_line, value_numeric
    ) = 1
),
first_place as (
    select p.*
    from places p
    join chosen c on c.figure_id = p.figure_id and c.value_numeric is not distinct from p.value_numeric
    qualify row_number() over (partition by p.figure_id order by p.source_line, p.source_column, p.value_no) = 1
),
agg as (
    select
        figure_id,
        count(*)                                                         as place_count,
        count(distinct value_numeric)                                    as distinct_value_count,
        list(source_line order by source_line, source_column, value_no)  as source_lines,
        list(struct_pack(source_file := source_file, source_line := source_line, source_column := source_column,
                         table_id := table_id, record_no := record_no, value_text := value_text)
             order by source_line, source_column, value_no)              as places,
        bool_or(is_ambiguous)                                            as any_ambiguous
    from places
    group by figure_id
)
select
    f.figure_id,
    f.submission_id,
    f.level,
    f.item_name,
    f.item_key,
    f.indicator_name,
    f.indicator_key,
    f.unit,
    f.measure,
    f.quarter,
    f.plan_version,
    f.fiscal_year,
    f.value_numeric,
    f.value_text,
    f.table_id,
    f.record_no,
    f.source_file,
    f.source_line,
    f.source_page,
    a.place_count,
    a.source_lines,
    a.places,
    a.distinct_value_count > 1                                          as has_conflict,
    a.any_ambiguous                                                     as is_ambiguous
from first_place f
join agg a using (figure_id)
