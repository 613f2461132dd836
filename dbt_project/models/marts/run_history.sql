-- One row per refresh run.
select * from {{ ref('stg_landing__runs') }}
