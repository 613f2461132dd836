-- The national program / kegiatan / sub kegiatan nomenclature: the base seed, provincial variants and names added
-- from submissions (int_nomenclature).
with nomenclature as (
    select level, code, name, parent_code, source from {{ ref('int_nomenclature') }}
)
select
    code                      as nomenclature_code,
    level,
    name                      as nomenclature_name,
    parent_code,
    source
from nomenclature
