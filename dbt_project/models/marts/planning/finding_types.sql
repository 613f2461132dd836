-- Every finding type with the label people read: join mart_data_quality.check_name to this for a readable list.
select
    c.check_name,
    c.severity      as default_severity,
    l.label_id,
    l.label_en,
    c.description
from {{ ref('data_quality_checks') }} as c
left join {{ ref('finding_labels') }} as l using (check_name)
order by c.check_name
