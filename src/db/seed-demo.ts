import { Temporal } from 'temporal-polyfill';
import type { DataSource } from 'typeorm';
import { type Clock, ZONE } from '../domain/shared/clock';
import { CitizenImportService, type ImportRecord } from '../domain/citizen/import/citizen-import.service';
import { referenceJobcenterId } from './reference/municipalities';
import { refreshContactCourseStatus } from '../domain/contact-course/contact-course.status';

/** Fixed ids, so the README's example requests work against a fresh demo database. */
export const DEMO = {
  // CZ-9: the reference jobcenters of municipalities 0101 and 0751 (src/db/reference/municipalities.ts).
  jobcenterKbh: referenceJobcenterId('0101'),
  jobcenterAarhus: referenceJobcenterId('0751'),
  fundMetal: '00000000-0000-4000-8000-00000000f001',
  fundKrifa: '00000000-0000-4000-8000-00000000f002',
  /** Citizen ids end in 01 … 13. */
  citizen: (n: number) => `00000000-0000-4000-8000-0000000c00${String(n).padStart(2, '0')}`,
};

const CITIZENS: [n: number, name: string, group: string, jobcenter: 'kbh' | 'aarhus', fund: 'metal' | 'krifa' | null, extra?: Record<string, unknown>][] = [
  [1, 'Anne Jensen', 'INSURED_UNEMPLOYED', 'kbh', 'metal'],
  [2, 'Bo Nielsen', 'INSURED_UNEMPLOYED', 'kbh', 'krifa'],
  [3, 'Camilla Hansen', 'JOB_READY_CASH_BENEFIT', 'kbh', null],
  [4, 'Dennis Pedersen', 'JOB_READY_TRANSITION_BENEFIT', 'kbh', null],
  [5, 'Emma Andersen', 'EDUCATION_READY_EDUCATION_BENEFIT', 'kbh', null],
  [6, 'Frederik Christensen', 'JOB_CLARIFICATION', 'kbh', null],
  [7, 'Gitte Larsen', 'INSURED_UNEMPLOYED', 'aarhus', 'metal', { exempt_from_active_job_seeking: true }],
  [8, 'Hans Sørensen', 'INSURED_UNEMPLOYED', 'aarhus', 'krifa', { less_intensive_effort: true }],
  [9, 'Ida Rasmussen', 'EDUCATION_READY_TRANSITION_BENEFIT', 'aarhus', null],
  [10, 'Jonas Jørgensen', 'SICKNESS_BENEFIT', 'aarhus', null],
  [11, 'Karen Petersen', 'OTHER', 'aarhus', null, { voluntary_self_booking: true }],
  [12, 'Lars Madsen', 'JOB_READY_CASH_BENEFIT', 'aarhus', null, { self_booking_right: 'EXEMPTED' }],
  [13, 'Mette Holm', 'INSURED_UNEMPLOYED', 'kbh', 'metal', { notify_sms: true }],
];

/** The demo's open deadlines (available from today), by citizen: days from today to bookBy. */
const OPEN_DEADLINES: Record<number, number> = { 1: 10, 3: 8, 9: 14, 11: 9 };

/**
 * Seeds a small demo data set once (when there is no citizen or a-kasse yet) in two of the reference jobcenters
 * (CZ-9: København and Aarhus), two a-kasser,
 * thirteen citizens across the target groups, two weeks of published slots, deadlines and meetings.
 * Dates are relative to today, so the demo is always current.
 *
 * CZ-9: the citizens, their group, a-kasse and open deadlines come in through the caseload import (the import service
 * fed rows in memory: registerJobSeeker's checks and writes, issueDeadline's for the deadlines), so every start
 * exercises that path; the seed only gives each row its fixed demo id.
 * Decision: what no operation can create on the day it seeds stays a direct insert once the citizen exists — the
 * a-kasser (reference data of their own, no operation creates one), the decisions already taken (exemption EX-1,
 * TG-5 less intensive effort, TG-6 exemption from active job-seeking, a citizen's SMS choice), the deadline that
 * expired two days ago and the booked one with its interview, the joint interview called in and the interview held
 * ten days ago: issuing or booking them today would give them today's dates and history, not the demo's.
 */
export async function seedDemo(ds: DataSource, today: Temporal.PlainDate = Temporal.Now.plainDateISO(ZONE)) {
  // CZ-9: every database has the 98 reference jobcenters, so "empty" means no citizen and no a-kasse yet.
  const existing: { n: string }[] = await ds.query('SELECT ((SELECT count(*) FROM citizen) + (SELECT count(*) FROM unemployment_fund))::text AS n');
  if (existing[0]!.n !== '0') return undefined;
  await ds.query(`INSERT INTO unemployment_fund (id, code, name) VALUES ($1, 'METAL', 'Metalarbejdernes A-kasse'), ($2, 'KRIFA', 'Krifa A-kasse')`,
    [DEMO.fundMetal, DEMO.fundKrifa]);
  const since = today.subtract({ days: 40 }).toString();
  const rows: ImportRecord[] = CITIZENS.map(([n, name, group, jc, fund, extra = {}], i) => ({
    line: i + 2, id: DEMO.citizen(n),
    fields: {
      cpr: `01019${String(n).padStart(5, '0')}`, name, targetGroup: group, unemployedSince: since, jobcenter: jc === 'kbh' ? '0101' : '0751',
      unemploymentFund: fund === 'metal' ? 'METAL' : fund === 'krifa' ? 'KRIFA' : '', voluntarySelfBooking: extra.voluntary_self_booking ? 'true' : '',
      deadlineBookBy: OPEN_DEADLINES[n] ? today.add({ days: OPEN_DEADLINES[n] }).toString() : '', deadlineAvailableFrom: OPEN_DEADLINES[n] ? today.toString() : '',
    },
  }));
  const imported = await new CitizenImportService(ds).run((async function* () { yield* rows; })(), { clock: clockOn(today) });
  if (imported.registered !== CITIZENS.length) throw new Error(`demo seed: the import refused ${JSON.stringify(imported.errors)}`);
  return ds.transaction(async (em) => {
    // København and Aarhus are the reference rows of municipalities 0101 and 0751 (same ids as ever).
    await em.query(`UPDATE jobcenter SET rebooking_cutoff_hours = 24 WHERE id = $1`, [DEMO.jobcenterKbh]);
    for (const [n, , , , , extra = {}] of CITIZENS) {
      const set = Object.entries(extra).filter(([k]) => k !== 'voluntary_self_booking');
      if (set.length === 0) continue;
      await em.query(`UPDATE citizen SET ${set.map(([k], i) => `${k} = $${i + 2}`).join(', ')} WHERE id = $1`, [DEMO.citizen(n), ...set.map(([, v]) => v)]);
    }
    // Two weeks of slots on weekdays, 09:00–11:30 every 30 minutes, in both jobcenters.
    let slots = 0;
    for (let d = today.add({ days: 1 }); Temporal.PlainDate.compare(d, today.add({ days: 15 })) <= 0; d = d.add({ days: 1 })) {
      if (d.dayOfWeek > 5) continue;
      for (const jc of [DEMO.jobcenterKbh, DEMO.jobcenterAarhus]) {
        for (let i = 0; i < 6; i++) {
          const start = d.toZonedDateTime({ timeZone: ZONE, plainTime: '09:00' }).add({ minutes: 30 * i });
          await em.query(`INSERT INTO slot (jobcenter_id, starts_at, ends_at, form, kind, location, caseworker) VALUES ($1, $2, $3, $4, 'JOB_INTERVIEW', $5, $6)`,
            [jc, start.toInstant().toString(), start.add({ minutes: 30 }).toInstant().toString(), i === 5 ? 'PHONE' : 'IN_PERSON',
              jc === DEMO.jobcenterKbh ? 'Kalvebod Brygge 45, lokale 2' : 'Værkmestergade 15', 'Sagsbehandler Demo']);
          slots++;
        }
      }
    }
    // One expired (immediate booking), one booked with an interview; the open ones came with the import.
    const open = (n: number, jc: string, from: Temporal.PlainDate, bookBy: Temporal.PlainDate, status = 'OPEN') =>
      em.query(`INSERT INTO deadline (citizen_id, jobcenter_id, available_from, book_by, latest_interview_date, original_book_by, channel, status)
                VALUES ($1, $2, $3, $4, $5, $4, 'JOBNET', $6) RETURNING id`,
        [DEMO.citizen(n), jc, from.toString(), bookBy.toString(), bookBy.add({ days: 7 }).toString(), status]);
    await open(5, DEMO.jobcenterKbh, today.subtract({ days: 12 }), today.subtract({ days: 2 })); // EXPIRED: immediate booking, sanction assessment
    await open(13, DEMO.jobcenterKbh, today.subtract({ days: 12 }), today.subtract({ days: 2 })); // EXPIRED: deregistered by the first run (RG-1)
    const [booked] = await open(2, DEMO.jobcenterKbh, today.subtract({ days: 3 }), today.add({ days: 6 }), 'BOOKED');
    const meetingAt = today.add({ days: 4 }).toZonedDateTime({ timeZone: ZONE, plainTime: '13:00' });
    const [m] = await em.query(`INSERT INTO meeting (citizen_id, jobcenter_id, type, origin, form, starts_at, ends_at, local_day, status, deadline_id, sanctionable, location)
      VALUES ($1, $2, 'JOB_INTERVIEW', 'SELF_BOOKED', 'IN_PERSON', $3, $4, $5, 'PLANNED', $6, true, 'Kalvebod Brygge 45') RETURNING id`,
      [DEMO.citizen(2), DEMO.jobcenterKbh, meetingAt.toInstant().toString(), meetingAt.add({ minutes: 30 }).toInstant().toString(), meetingAt.toPlainDate().toString(), booked.id]);
    await em.query(`UPDATE deadline SET meeting_id = $1 WHERE id = $2`, [m.id, booked.id]);
    // A joint interview called in for Anne (INSURED_UNEMPLOYED, member of Metal).
    const joint = today.add({ days: 20 }).toZonedDateTime({ timeZone: ZONE, plainTime: '10:00' });
    await em.query(`INSERT INTO meeting (citizen_id, jobcenter_id, type, origin, form, starts_at, ends_at, local_day, status, sanctionable)
      VALUES ($1, $2, 'JOINT_INTERVIEW', 'CALLED_IN', 'IN_PERSON', $3, $4, $5, 'PLANNED', true)`,
      [DEMO.citizen(1), DEMO.jobcenterKbh, joint.toInstant().toString(), joint.add({ hours: 1 }).toInstant().toString(), joint.toPlainDate().toString()]);
    // A held interview in the past for Camilla.
    const past = today.subtract({ days: 10 }).toZonedDateTime({ timeZone: ZONE, plainTime: '09:00' });
    await em.query(`INSERT INTO meeting (citizen_id, jobcenter_id, type, origin, form, starts_at, ends_at, local_day, status, outcome_registered_at)
      VALUES ($1, $2, 'JOB_INTERVIEW', 'CALLED_IN', 'IN_PERSON', $3, $4, $5, 'HELD', $4)`,
      [DEMO.citizen(3), DEMO.jobcenterKbh, past.toInstant().toString(), past.add({ minutes: 30 }).toInstant().toString(), past.toPlainDate().toString()]);
    // Issue 16 (2): the demo citizens' stored contact-course status, as every write path keeps it.
    await refreshContactCourseStatus(em, CITIZENS.map(([n]) => DEMO.citizen(n)), today);
    return { jobcenters: 2, unemploymentFunds: 2, citizens: CITIZENS.length, slots, deadlines: 7, meetings: 3 };
  });
}

/** The seed's clock: the real one on the real today, else (tests) 08:00 of the day asked for. */
function clockOn(today: Temporal.PlainDate): Clock {
  const real = Temporal.Now.plainDateISO(ZONE).equals(today);
  return { today: () => today, now: () => (real ? Temporal.Now.instant() : today.toZonedDateTime({ timeZone: ZONE, plainTime: '08:00' }).toInstant()) };
}
