-- Every quarter notation seen in the landing zone -> quarter 1..4 (NULL and is_parsed = false if unreadable).
-- Accepts 'TW. 1', 'TW 1', 'TW 1 :', 'TW-1', 'Triwulan I', 'Triwulan ke-2', 'Q3', '1', 'I'..'IV', 'satu'..'empat'.
with labels as (
    select distinct quarter_label from {{ ref('stg_landing__cells') }} where quarter_label is not null
),

cleaned as (
    select quarter_label,
        trim(regexp_replace(
            regexp_replace(lower(quarter_label), '(triwulan|trw|tw|q)\s*(ke)?', ' ', 'g'),
            '[^a-z0-9]+', ' ', 'g')) as token
    from labels
)

select
    quarter_label,
    token,
    case
        when token in ('1', 'i', 'satu', 'pertama') then 1
        when token in ('2', 'ii', 'dua', 'kedua') then 2
        when token in ('3', 'iii', 'tiga', 'ketiga') then 3
        when token in ('4', 'iv', 'empat', 'keempat') then 4
    end as quarter,
    token in ('1', 'i', 'satu', 'pertama', '2', 'ii', 'dua', 'kedua', '3', 'iii', 'tiga', 'ketiga',
              '4', 'iv', 'empat', 'keempat') as is_parsed
from cleaned
