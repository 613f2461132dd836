-- Every Kemendagri region (38 provinces, 514 kabupaten/kota) from the regions seed, with its province.
with regions as (select * from {{ ref('regions') }})
select
    r.region_code,
    r.region_name,
    r.region_level,
    r.province_code,
    p.region_name as province_name
from regions r
left join regions p on p.region_code = r.province_code
