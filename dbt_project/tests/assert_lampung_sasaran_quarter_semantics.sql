-- Lampung 2023 (raw/18-lampung-kesbangpol): the sasaran quarterly targets sit in four per-quarter tables and the
-- annual targets in the multi-year Tabel III.1. Both sasaran must be read as increments of the 2023 annual target:
--   'Prosentase menurunnya potensi konflik sosial ...': 15 + 25 + 20 + 27.5 = 87.5 ('87,50'), shares 15/87.5, 40/87.5, 60/87.5, 1
--   'prosentase penduduk yang menggunakan hak pilih':     15 + 20 + 17.75 + 20 = 72.75 ('72.75')
-- Returns the failing rows (none = pass).
with expected as (
    select * from (values
        ('prosentase menurunnya potensi konflik%', 87.5,  [15 / 87.5, 40 / 87.5, 60 / 87.5, 1.0]),
        ('prosentase penduduk yang menggunakan hak pilih%', 72.75, [15 / 72.75, 35 / 72.75, 52.75 / 72.75, 1.0])
    ) as t(indicator_like, annual, shares)
),
actual as (
    select i.indicator_name, s.semantics, s.annual, s.annual_source,
        list(p.planned_cumulative_share order by p.quarter) as shares
    from {{ ref('int_quarter_semantics') }} s
    join {{ ref('int_items') }} i using (submission_id, table_id, record_no)
    join {{ ref('int_planned_cumulative_share') }} p using (submission_id, table_id, record_no)
    where s.submission_id like '18-lampung-kesbangpol/2023/%' and s.level = 'sasaran'
    group by all
)
select e.indicator_like, a.*
from expected e
left join actual a on lower(a.indicator_name) like e.indicator_like
where a.semantics is distinct from 'increment'
   or a.annual_source is distinct from 'target_year'
   or abs(a.annual - e.annual) > 0.0001
   or len(a.shares) <> 4
   or abs(a.shares[1] - e.shares[1]) > 0.00001 or abs(a.shares[2] - e.shares[2]) > 0.00001
   or abs(a.shares[3] - e.shares[3]) > 0.00001 or abs(a.shares[4] - e.shares[4]) > 0.00001
