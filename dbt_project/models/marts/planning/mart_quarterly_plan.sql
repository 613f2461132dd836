-- Question 4: per fiscal year, region and indicator record, the planned cumulative share of the annual target by the
-- end of TW I..IV and back_loaded, as int_quarterly_plan decides them (its header says how). Incremental by
-- submission, like its base.
select * from {{ ref('int_quarterly_plan') }}
