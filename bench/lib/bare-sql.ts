/** The bare reference's hand-written statements (bench/bare-server.ts); bench/explain.ts explains them too. */
export const BARE_SQL = {
  citizen: `
    SELECT c.id, c.jobcenter_id, c.target_group, c.self_booking_right, c.unemployed_since, c.benefit_period_start,
           d.id AS d_id, d.status AS d_status, d.available_from, d.book_by, d.latest_interview_date,
           (SELECT count(*) FROM meeting m WHERE m.citizen_id = c.id AND m.status = 'HELD'
               AND m.type IN ('JOB_INTERVIEW', 'JOINT_INTERVIEW')
               AND m.local_day >= coalesce(c.benefit_period_start, c.unemployed_since)) AS held
      FROM citizen c
      LEFT JOIN deadline d ON d.citizen_id = c.id AND d.status IN ('OPEN', 'BOOKED', 'EXPIRED')
     WHERE c.id = $1`,
  planned: `
    SELECT id, type, origin, form, starts_at, ends_at, location FROM meeting
     WHERE citizen_id = $1 AND status = 'PLANNED' ORDER BY starts_at, id`,
  slots: `
    SELECT s.id, s.starts_at, s.ends_at, s.form, s.location FROM slot s
     WHERE s.jobcenter_id = $1 AND s.withdrawn_at IS NULL
       AND s.starts_at > now() AND coalesce(s.group_starts_at, s.starts_at) > now()
       AND s.starts_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen')
       AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.slot_id = s.id AND m.status <> 'CANCELLED')
     ORDER BY s.starts_at, s.id LIMIT $3`,
};
