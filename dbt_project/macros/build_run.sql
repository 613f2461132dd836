{#- What rekap.warehouse.build tells a build about its run: one row in main.rekap_build_run (run_id,
    project_fingerprint, landing_fingerprint), written into the build file before the models run. A table, not
    environment variables: the SQL of every model stays the same from one run to the next, so dbt re-parses
    nothing and a build rekap runs again from what dbt ran stays valid (rekap.warehouse.model_replay).
    An empty string when the table is absent (a dbt build run by hand, or by the tests). -#}
{% macro build_run(column) -%}
    {%- set relation = adapter.get_relation(database=this.database, schema='main', identifier='rekap_build_run')
          if execute else none -%}
    {%- if relation is none -%}
        cast('' as varchar)
    {%- else -%}
        (select {{ column }} from {{ relation }})
    {%- endif -%}
{%- endmacro %}
