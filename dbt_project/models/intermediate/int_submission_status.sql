-- What the build does with each landed submission, decided per submission so one agency's problem never stops the
-- others. Only 'loaded' submissions reach facts and marts (int_cells_interpreted reads only their cells).
--   quarantined  the landing could not read it, or its region_code is not a Kemendagri code (dim_region)
--   duplicate    the same bytes (content_sha256) for the same agency, fiscal year, document type and plan version
--                were received under another path (two folders, two manifest entries): loaded once, from the keeper
--                (earliest received_date, then submission_id); duplicate_of names the keeper
--   superseded   another submission of the same agency, fiscal year, document type and plan version was received
--                later: the later received_date wins; superseded_by names it
--   conflict     two or more different submissions of the same agency, fiscal year, document type and plan version
--                share the latest received_date: none is published until the agency says which one counts
--   loaded       published
-- A missing received_date counts as older than any date. status_message is in Bahasa Indonesia.
with subs as (
    select s.*, {{ agency_id('s.region_code', 's.agency_name') }} as agency_id
    from {{ ref('stg_landing__submissions') }} s
),
regions as (select region_code from {{ ref('regions') }}),

readable as (
    select s.*, r.region_code is not null as region_known
    from subs s left join regions r using (region_code)
),

candidates as (   -- readable, in a known region: eligible for the duplicate and version rules
    select * from readable where status = 'loaded' and region_known
),

by_content as (   -- the same bytes for the same agency, year, document type and version: one submission received twice
    select submission_id,
        first_value(submission_id) over copies_of_one                                       as keeper_id,
        count(*) over copies_of_one                                                         as copies,
        string_agg(submission_id, ', ' order by submission_id) over copies_of_one      as copy_ids
    from candidates
    window copies_of_one as (
        partition by content_sha256, agency_id, fiscal_year, document_type, plan_version
        order by received_date asc nulls last, submission_id
        rows between unbounded preceding and unbounded following)
),

distinct_content as (   -- one submission per content: the keeper
    select c.* from candidates c join by_content b using (submission_id) where b.keeper_id = c.submission_id
),

by_slot as (
    select submission_id, received_date, latest_date,
        sum(case when received_date is not distinct from latest_date then 1 else 0 end)
            over (partition by agency_id, fiscal_year, document_type, plan_version)          as at_latest
    from (
        select *, max(received_date) over (partition by agency_id, fiscal_year, document_type, plan_version) as latest_date
        from distinct_content
    )
),

latest as (   -- the submissions received last in their slot, listed for messages
    select d.agency_id, d.fiscal_year, d.document_type, d.plan_version,
        string_agg(d.submission_id, ', ' order by d.submission_id) as latest_ids
    from distinct_content d
    join by_slot b using (submission_id)
    where b.received_date is not distinct from b.latest_date
    group by all
),

decided as (
    select r.*,
        bc.keeper_id,
        bc.copies,
        bc.copy_ids,
        bs.at_latest,
        l.latest_ids,
        case
            when r.status <> 'loaded' or not r.region_known                      then 'quarantined'
            when bc.keeper_id <> r.submission_id                                 then 'duplicate'
            when bs.received_date is distinct from bs.latest_date                then 'superseded'
            when bs.at_latest > 1                                                then 'conflict'
            else 'loaded'
        end as build_status
    from readable r
    left join by_content bc using (submission_id)
    left join by_slot bs using (submission_id)
    left join latest l
      on l.agency_id = r.agency_id and l.fiscal_year = r.fiscal_year
     and l.document_type = r.document_type and l.plan_version = r.plan_version
)

select
    submission_id,
    agency_id,
    status                                                             as landing_status,
    build_status                                                       as status,
    region_known,
    case when build_status = 'duplicate' then keeper_id end           as duplicate_of,
    case when build_status = 'superseded' then latest_ids end         as superseded_by,
    case
        when status <> 'loaded' then
            'Berkas ' || source_file || ' tidak dapat dibaca; lihat marts.quarantined_files untuk baris dan alasannya.'
        when not region_known then
            'Kode wilayah "' || coalesce(region_code, '') || '" pada ' || manifest_path || ' tidak terdapat dalam daftar '
            || 'kode wilayah Kemendagri; seluruh pengajuan ' || source_file || ' ditahan (tidak dimuat). '
            || 'Mohon periksa region_code pada manifest.'
        when build_status = 'duplicate' then
            'Berkas ' || source_file || ' isinya sama persis dengan ' || keeper_id || '; dimuat satu kali saja (dari '
            || keeper_id || ').'
        when build_status = 'superseded' then
            'Berkas ' || source_file || ' (diterima ' || coalesce(strftime(received_date, '%Y-%m-%d'), 'tanpa tanggal')
            || ') digantikan oleh ' || latest_ids || ' yang diterima lebih akhir untuk ' || document_type || ' '
            || plan_version || ' tahun ' || fiscal_year::varchar || '; yang dipakai hanya yang terakhir.'
        when build_status = 'conflict' then
            'Berkas ' || latest_ids || ' adalah pengajuan berbeda untuk ' || document_type || ' ' || plan_version
            || ' tahun ' || fiscal_year::varchar || ' dengan tanggal terima yang sama ('
            || coalesce(strftime(received_date, '%Y-%m-%d'), 'tanpa tanggal') || '); semuanya ditahan sampai '
            || 'dipastikan mana yang berlaku (perbaiki received_date atau hapus salah satunya).'
        when copies > 1 then
            'Berkas dengan isi yang sama persis diterima ' || copies::varchar || ' kali (' || copy_ids
            || '); dimuat satu kali, dari ' || source_file || '.'
    end                                                                as status_message
from decided
