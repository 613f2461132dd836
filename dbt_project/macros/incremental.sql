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


{% macro keyed_by_submission(node_name) -%}
    {%- for node in graph.nodes.values() if node.name == node_name and node.resource_type == 'model' -%}
        {%- if node.config.meta.get('keyed_by_submission') -%}{{ return(true) }}{%- endif -%}
    {%- endfor -%}
    {{ return(false) }}
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


{#- dbt's generic tests read the tested model through this macro. In an incremental build, a test that judges each
    row on its own (not_null, accepted_values, ...) or looks for duplicates within a submission
    (unique_combination_of_columns including submission_id) reads, of a model kept incrementally by submission,
    only the rows of the submissions this build recomputed: every other row is the row the previous build (same
    project, so the same tests) published after these tests passed. Tests comparing rows across submissions
    (unique, relationships, row counts) always read the whole model. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set scoped = execute and scoped_to_changed_submissions(relation) -%}
    {%- if where or scoped -%}
        {%- set conditions = ([where] if where else []) + (['submission_id in ' ~ changed_submissions()] if scoped else []) -%}
        {{ return('(select * from ' ~ relation ~ ' where (' ~ conditions | join(') and (') ~ ')) dbt_subquery') }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}


{% macro scoped_to_changed_submissions(relation) -%}
    {%- set row_tests = ['not_null', 'accepted_values', 'accepted_range', 'not_negative', 'decimal_scale'] -%}
    {%- set test = model.get('test_metadata') or {} -%}
    {%- set name = test.get('name') -%}
    {%- set per_submission = name in row_tests
          or (name == 'unique_combination_of_columns'
              and 'submission_id' in test.get('kwargs', {}).get('combination_of_columns', [])) -%}
    {%- if not per_submission or flags.FULL_REFRESH or relation.identifier is none -%}{{ return(false) }}{%- endif -%}
    {%- set kept_by_submission = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.name == relation.identifier
          and node.config.materialized == 'incremental' and node.config.meta.get('keyed_by_submission') -%}
        {%- do kept_by_submission.append(node.name) -%}
    {%- endfor -%}
    {%- if not kept_by_submission -%}{{ return(false) }}{%- endif -%}
    {{ return(adapter.get_relation(database=relation.database, schema='main',
                                   identifier='rekap_previous_submission_status') is not none) }}
{%- endmacro %}


{% macro is_incremental_build() -%}
    {%- if not execute or flags.FULL_REFRESH -%}{{ return(false) }}{%- endif -%}
    {{ return(adapter.get_relation(database=this.database, schema='main', identifier='rekap_previous_submission_status') is not none) }}
{%- endmacro %}
