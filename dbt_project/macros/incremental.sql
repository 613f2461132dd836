{#-
  Incremental builds over submissions.

  Models whose rows each belong to one submission, computed from that submission's rows alone, carry
  `meta: {keyed_by_submission: true}` (dbt_project.yml). The heavy ones are materialised incrementally: when the
  build starts from a copy of the previous warehouse (rekap.warehouse.build), the table
  main.rekap_changed_submissions lists the submissions that were added, changed or removed since, and an
  incremental model
    - deletes those submissions' rows first (pre-hook `delete_changed_submissions`: a removed or newly quarantined
      submission has no new rows to replace the old ones), then
    - computes and inserts rows for those submissions only: inside an incremental model, `ref()` of a model keyed
      by submission reads only the changed submissions' rows (the `ref` override below), so the model's SQL is
      the same for a full and an incremental build.
  On a full build (no previous copy, a changed project, `rekap refresh --full`) is_incremental() is false and
  nothing is filtered.

  Some decisions compare the submissions of one agency (region and agency name, `agency_id`): publication status
  (duplicates, versions) and the latest version of a fact (int_facts.is_latest_version). The changed set is
  therefore closed over agencies (post-hook of int_submission_status): when one submission of an agency changes,
  every submission of that agency, as built before and as landed now, is recomputed, so a model keyed by
  submission may decide among its agency's submissions. Models comparing agencies (the marts) are tables rebuilt
  from these.
-#}

{% macro changed_submissions(landed_only=false) -%}
    (select submission_id from main.{{ 'rekap_landed_changes' if landed_only else 'rekap_changed_submissions' }})
{%- endmacro %}


{#- Looked up by unique id, not by a loop over the graph: every ref of a model and every test asks. -#}
{% macro keyed_by_submission(node_name, incremental_only=false) -%}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.' ~ node_name) -%}
    {{ return(node is not none and node.config.meta.get('keyed_by_submission', false)
              and (not incremental_only or node.config.materialized == 'incremental')) }}
{%- endmacro %}


{% macro ref() -%}
    {%- set relation = builtins.ref(*varargs, **kwargs) -%}
    {%- if execute and model is defined and model.get('language', 'sql') == 'sql'
          and model.get('config', {}).get('materialized') == 'incremental' and is_incremental()
          and keyed_by_submission(varargs[-1]) -%}
        {{ return('(select * from ' ~ relation ~ ' where submission_id in ' ~ changed_submissions() ~ ')') }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}


{% macro delete_changed_submissions(landed_only=false, key='submission_id') -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ key }} in {{ changed_submissions(landed_only) }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}


{#- The same replacement as a strategy (`incremental_strategy: by_submission`), for Python models: dbt-duckdb runs a
    Python model on the cursor its hooks ran on, and DuckDB refuses new work on a cursor holding a hook's unread
    result, so a Python model kept by submission takes no pre-hook. The recomputed submissions' rows are deleted,
    then the model's new rows (of those submissions only) inserted, and the table dbt-duckdb wrote them to dropped
    (for a Python model it is a table of the build, not a temporary one). -#}
{% macro get_incremental_by_submission_sql(arg_dict) -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }} where submission_id in {{ changed_submissions() }};
    insert into {{ arg_dict['target_relation'] }} ({{ columns }}) select {{ columns }} from {{ arg_dict['temp_relation'] }};
    drop table if exists {{ arg_dict['temp_relation'] }}
{%- endmacro %}


{#- Post-hook of int_submission_status: a submission whose publication status changed because ANOTHER submission
    changed (it became a duplicate, was superseded, or a conflict was settled) is recomputed too, and then every
    submission of an agency with a changed submission (add_agency_submissions). The previous statuses and agencies
    were copied aside before the build (main.rekap_previous_submission_status). Every model reading the set runs
    after these hooks, but stg_landing__cells: a copy of landed cells, it needs only the submissions whose landed
    content changed (main.rekap_landed_changes, fixed before the build starts). -#}
{% macro add_status_changes() -%}
    {%- if is_incremental_build() -%}
        insert into main.rekap_changed_submissions
        select submission_id from (
            (select submission_id, status from {{ this }}
             except select submission_id, status from main.rekap_previous_submission_status)
            union
            (select submission_id, status from main.rekap_previous_submission_status
             except select submission_id, status from {{ this }}))
        where submission_id not in (select submission_id from main.rekap_changed_submissions)
        group by submission_id
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}


{% macro add_agency_submissions() -%}
    {%- if is_incremental_build() -%}
        insert into main.rekap_changed_submissions
        with agencies as (
            select submission_id, agency_id from {{ this }}
            union select submission_id, agency_id from main.rekap_previous_submission_status
        )
        select submission_id from agencies
        where agency_id in (select agency_id from agencies
                            where submission_id in (select submission_id from main.rekap_changed_submissions))
          and submission_id not in (select submission_id from main.rekap_changed_submissions)
        group by submission_id
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}


{#- dbt's generic tests read the tested model through this macro. In an incremental build, a test of a model kept
    incrementally by submission reads only what the rows of the submissions this build recomputed can break: every
    other row is the row the previous build (same project, so the same tests) published after these tests passed.
    - A test that judges each row on its own (not_null, accepted_values, ...) or looks for duplicates within a
      submission (unique_combination_of_columns including submission_id) reads only the recomputed rows.
    - A test of duplicates across submissions (unique, unique_combination_of_columns without submission_id), when
      it fails the build (severity error), reads only the rows sharing their key with a recomputed row: any
      duplicate among the other rows was there, and failed, before.
    Tests relating one table to another (relationships, row counts) always read the whole model. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set scope = changed_rows_condition(relation) if execute else none -%}
    {%- if where or scope -%}
        {%- set conditions = ([where] if where else []) + ([scope] if scope else []) -%}
        {{ return('(select * from ' ~ relation ~ ' as tested where (' ~ conditions | join(') and (') ~ ')) dbt_subquery') }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}


{#- The condition narrowing a generic test to what the recomputed submissions can break (see above), or none. -#}
{% macro changed_rows_condition(relation) -%}
    {%- set row_tests = ['not_null', 'accepted_values', 'accepted_range', 'not_negative', 'decimal_scale'] -%}
    {%- set test = model.get('test_metadata') or {} -%}
    {%- set name = test.get('name') -%}
    {%- set kwargs = test.get('kwargs', {}) -%}
    {%- set key = [kwargs.get('column_name')] if name == 'unique'
          else kwargs.get('combination_of_columns', []) if name == 'unique_combination_of_columns' else [] -%}
    {%- set per_submission = name in row_tests or 'submission_id' in key -%}
    {%- set across_submissions = key and not per_submission and (model.config.severity | lower) == 'error' -%}
    {%- if not (per_submission or across_submissions) or flags.FULL_REFRESH or relation.identifier is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if not keyed_by_submission(relation.identifier, incremental_only=true) or adapter.get_relation(database=relation.database, schema='main',
            identifier='rekap_previous_submission_status') is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if per_submission -%}{{ return('submission_id in ' ~ changed_submissions()) }}{%- endif -%}
    {%- set matches = [] -%}
    {%- for column in key -%}{%- do matches.append('r.' ~ column ~ ' is not distinct from tested.' ~ column) -%}{%- endfor -%}
    {{ return('exists (select 1 from ' ~ relation ~ ' r where r.submission_id in ' ~ changed_submissions()
              ~ ' and ' ~ matches | join(' and ') ~ ')') }}
{%- endmacro %}


{% macro is_incremental_build() -%}
    {%- if not execute or flags.FULL_REFRESH -%}{{ return(false) }}{%- endif -%}
    {{ return(adapter.get_relation(database=this.database, schema='main', identifier='rekap_previous_submission_status') is not none) }}
{%- endmacro %}
