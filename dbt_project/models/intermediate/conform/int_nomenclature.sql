-- The national nomenclature as the matcher and the marts use it: the base seed (kab/kota, Permendagri 90/2019)
-- plus the project's additions (provincial variants and names the submissions show). One row per code.
with base as (
    select
        trim(level)                       as level,
        trim(code)                        as code,
        trim(name)                        as name,
        nullif(trim(cast(parent_code as varchar)), '') as parent_code,
        'base: ' || coalesce(trim(cast(source as varchar)), 'nomenclature_kabkota.csv') as source,
        false                             as is_addition
    from {{ ref('nomenclature') }}
),

additions as (
    select
        trim(level) as level, trim(code) as code, trim(name) as name,
        nullif(trim(cast(parent_code as varchar)), '') as parent_code,
        trim(government_level) as government_level, trim(kind) as kind, trim(source) as source
    from {{ ref('nomenclature_additions') }}
),

variant_names as (  -- another official wording of an existing code, for one government level
    select code, name as name_provinsi from additions where kind = 'variant_name' and government_level = 'provinsi'
),

entries as (
    select level, code, name, parent_code,
        case
            when level = 'program' then 'both'
            when split_part(code, '.', 4) = '1' then 'provinsi'
            when split_part(code, '.', 4) = '2' then 'kabkota'
            else 'both'
        end as government_level,
        source, is_addition
    from base
    union all
    select level, code, name, parent_code, government_level, 'addition: ' || source, true
    from additions
    where kind = 'entry'
)

select
    e.code,
    e.level,
    e.name,
    v.name_provinsi,
    e.parent_code,
    e.government_level,
    e.source,
    e.is_addition
from entries e
left join variant_names v using (code)
