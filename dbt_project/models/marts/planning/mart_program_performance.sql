-- Questions 2 and 3: per fiscal year, quarter, region and program: capaian kinerja %, capaian anggaran (serapan) %,
-- efisiensi ratio and rating band, as int_program_performance computes them (its header says how).
select * from {{ ref('int_program_performance') }}
