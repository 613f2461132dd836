-- Question 5: annual targets of indicators attached to the same nomenclature item (program / kegiatan /
-- sub kegiatan code) across regions, side by side with canonical units (int_indicator_targets), each with what its
-- code's targets share (int_indicator_code_units): comparable = every region's indicator on this code has the same
-- known canonical unit; unit_mismatch = the code's indicators carry different canonical units (or an unknown/missing
-- unit): never compare those targets without converting first.
-- Incremental: an incremental build deletes the rows of the recomputed submissions (a row's source_file is its
-- submission_id, landing/schema.sql) and inserts theirs anew; then the post-hook brings every other row's
-- per-code columns up to date where the recomputed submissions changed them (a region more or less on a code, a
-- unit that differs). The result is what a full build computes.
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='source_file',
    on_schema_change='fail',
    pre_hook="{{ delete_changed_submissions(key='source_file') }}",
    post_hook="{{ update_repeated_columns(ref('int_indicator_code_units'), 'nomenclature_code',
        ['nomenclature_name', 'regions_on_code', 'canonical_units_on_code', 'comparable', 'unit_mismatch']) }}",
) }}
select
    r.nomenclature_code,
    c.nomenclature_name,
    r.level, r.region_code, r.region_name, r.agency_name, r.fiscal_year, r.plan_version,
    r.item_name, r.indicator_name, r.unit, r.canonical_unit, r.annual_target, r.annual_target_text,
    c.regions_on_code,
    c.canonical_units_on_code,
    c.comparable,
    c.unit_mismatch,
    r.source_file, r.source_line
from {{ ref('int_indicator_targets') }} r
join {{ ref('int_indicator_code_units') }} c using (nomenclature_code)
