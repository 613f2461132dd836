-- What this file was built from (one row): a refresh whose landing and project fingerprints equal these leaves the
-- published file alone (rekap.fastpath), and an incremental build starts from a file only when its project
-- fingerprint is the current one (rekap.warehouse.build). The values are written by rekap.warehouse.build
-- (macros/build_run.sql).
select
    cast({{ build_run('run_id') }} as varchar)               as run_id,
    cast({{ build_run('project_fingerprint') }} as varchar)  as project_fingerprint,
    cast({{ build_run('landing_fingerprint') }} as varchar)  as landing_fingerprint,
    now()::timestamp                                        as built_at
