select
    cast(run_id as varchar)                   as run_id,
    cast(started_at as timestamp)             as started_at,
    cast(finished_at as timestamp)            as finished_at,
    cast(status as varchar)                   as status,
    cast(trigger as varchar)                  as run_trigger,
    cast(submissions_seen as integer)         as submissions_seen,
    cast(submissions_changed as integer)      as submissions_changed,
    cast(submissions_quarantined as integer)  as submissions_quarantined,
    cast(rows_fct_budget as bigint)           as rows_fct_budget,
    cast(rows_fct_target as bigint)           as rows_fct_target,
    cast(rows_fct_realisation as bigint)      as rows_fct_realisation,
    cast(tests_passed as integer)             as tests_passed,
    cast(tests_failed as integer)             as tests_failed,
    cast(error as varchar)                    as error
from {{ source('landing', 'runs') }}
