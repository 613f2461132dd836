-- Question 6: every region of dim_region x every fiscal year seen x every document type seen: received or not,
-- versions sent, received dates, load status (loaded / quarantined with the reason, or not_received), as
-- int_submission_coverage decides them, with the region's names.
select
    r.region_code, r.region_name, r.region_level, r.province_code, r.province_name,
    c.fiscal_year, c.document_type, c.is_received, c.submissions_received, c.versions_received, c.has_revision,
    c.first_received_date, c.last_received_date, c.agency_names, c.load_status, c.quarantine_reason
from {{ ref('int_submission_coverage') }} c
join {{ ref('dim_region') }} r using (region_code)
