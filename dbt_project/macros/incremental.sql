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
  nothing is filtered. Models comparing submissions (int_facts, the marts) are tables rebuilt from these.
-#}

{% macro changed_submissions() -%}
    (select submission_id from main.rekap_changed_submissions)
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


{% macro delete_changed_submissions() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where submission_id in {{ changed_submissions() }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}


{#- Post-hook of int_submission_status: a submission whose publication status changed because ANOTHER submission
    changed (it became a duplicate, was superseded, or a conflict was settled) is recomputed too. The previous
    statuses were copied aside before the build (main.rekap_previous_submission_status); every model reading the
    statuses runs after this hook. -#}
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


{% macro is_incremental_build() -%}
    {%- if not execute or flags.FULL_REFRESH -%}{{ return(false) }}{%- endif -%}
    {{ return(adapter.get_relation(database=this.database, schema='main', identifier='rekap_previous_submission_status') is not none) }}
{%- endmacro %}
