-- One row per submitted document (loaded or not), with its agency and what the build did with it
-- (int_submission_status): status loaded | quarantined | duplicate | superseded | conflict, and why in Bahasa
-- Indonesia (status_message). Only 'loaded' submissions have facts.
select
    s.submission_id,
    {{ agency_id('s.region_code', 's.agency_name') }}  as agency_id,
    s.agency_name,
    s.region_code,
    s.document_type,
    s.fiscal_year,
    s.plan_version,
    s.received_date,
    st.status,
    st.landing_status,
    st.duplicate_of,
    st.superseded_by,
    st.status_message,
    s.value_count,
    s.source_file,
    s.manifest_path,
    s.content_sha256,
    s.layout_spec,
    s.layout_family,
    s.parsed_at
from {{ ref('stg_landing__submissions') }} s
join {{ ref('int_submission_status') }} st using (submission_id)
