-- What this file was built from (one row): a refresh whose landing and project fingerprints equal these leaves the
-- published file alone (rekap.fastpath), and an incremental build starts from a file only when its project
-- fingerprint is the current one (rekap.warehouse.build). The values are passed by rekap.warehouse.build.
select
    cast('{{ env_var("REKAP_RUN_ID", "") }}' as varchar)               as run_id,
    cast('{{ env_var("REKAP_PROJECT_FINGERPRINT", "") }}' as varchar)  as project_fingerprint,
    cast('{{ env_var("REKAP_LANDING_FINGERPRINT", "") }}' as varchar)  as landing_fingerprint,
    now()::timestamp                                                    as built_at
