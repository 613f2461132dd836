-- One fact per figure (see int_figure_places for the identity of a fact). The fact's value is the value stated
-- most often among its places; on a tie, the value of the first place in the document (lowest line). The lineage
-- lists every place (source_lines, places); places whose values disagree make has_conflict true and are listed in
-- int_figure_findings. source_file/source_line name the first place that states the chosen value.
-- Nearly every figure is stated once: such a figure is its only place (its lists have one element), and only the
-- figures stated more than once are voted on and aggregated in line order (ordered aggregates cost per group).
with place_counts as (
    select figure_id, count(*) as place_count
    from {{ ref('int_figure_places') }}
    group by figure_id
),
places as (
    select p.*, n.place_count
    from {{ ref('int_figure_places') }} p
    join place_counts n using (figure_id)
),
repeated as (
    select * from places where place_count > 1
),
value_votes as (
    select figure_id, value_numeric, count(*) as n_places_with_value, min(source_line) as first_line
    from repeated
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
    from repeated p
    join chosen c on c.figure_id = p.figure_id and c.value_numeric is not distinct from p.value_numeric
    qualify row_number() over (partition by p.figure_id order by p.source_line, p.source_column, p.value_no) = 1
),
agg as (
    select
        figure_id,
        count(distinct value_numeric)                                    as distinct_value_count,
        list(source_line order by source_line, source_column, value_no)  as source_lines,
        list(struct_pack(source_file := source_file, source_line := source_line, source_column := source_column,
                         table_id := table_id, record_no := record_no, value_text := value_text)
             order by source_line, source_column, value_no)              as places,
        bool_or(is_ambiguous)                                            as any_ambiguous
    from repeated
    group by figure_id
),
lineage as (
    select f.*, a.source_lines, a.places, a.distinct_value_count > 1 as has_conflict, a.any_ambiguous
    from first_place f
    join agg a using (figure_id)
    union all
    select p.*,
        [p.source_line]                                                  as source_lines,
        [struct_pack(source_file := p.source_file, source_line := p.source_line, source_column := p.source_column,
                     table_id := p.table_id, record_no := p.record_no, value_text := p.value_text)] as places,
        false                                                            as has_conflict,
        p.is_ambiguous                                                   as any_ambiguous
    from places p
    where p.place_count = 1
)
select
    figure_id,
    submission_id,
    level,
    item_name,
    item_key,
    indicator_name,
    indicator_key,
    unit,
    measure,
    quarter,
    plan_version,
    fiscal_year,
    value_numeric,
    value_text,
    table_id,
    record_no,
    source_file,
    source_line,
    source_page,
    place_count,
    source_lines,
    places,
    has_conflict,
    any_ambiguous                                                       as is_ambiguous
from lineage
