-- The national program / kegiatan / sub kegiatan nomenclature.
-- SWAP POINT: when the conform colleague's model int_nomenclature exists (base seed + provincial variants + names
-- added from submissions), set var `rekap_conform_models: true` in dbt_project.yml and it is used instead of the seed.
{% if var('rekap_conform_models', false) %}
with nomenclature as (
    select level, code, name, parent_code, source from {{ ref('int_nomenclature') }}
)
{% else %}
with nomenclature as (
    select level, code, name, parent_code, source from {{ ref('nomenclature') }}
)
{% endif %}
select
    code                      as nomenclature_code,
    level,
    name                      as nomenclature_name,
    parent_code,
    source
from nomenclature
