import DataLoader from 'dataloader';
import { Temporal } from 'temporal-polyfill';
import { type DataSource, In } from 'typeorm';
import { SanctionAssessment } from '../entities';
import { localDaySql, startOfDaySql } from '../domain/shared/dates';

/**
 * DataLoaders of the lifecycle (created per request with the others): sanction assessments per citizen, and the
 * day each assessed citizen restored contact (SA-2), each for many citizens in one query.
 */
export function createLifecycleLoaders(ds: DataSource) {
  const em = ds.manager;
  return {
    sanctionAssessmentsByCitizen: new DataLoader<string, SanctionAssessment[]>(async (citizenIds) => {
      const rows = await em.find(SanctionAssessment, { where: { citizenId: In([...citizenIds]) }, order: { bookBy: 'DESC', id: 'ASC' } });
      const map = new Map<string, SanctionAssessment[]>();
      for (const r of rows) (map.get(r.citizenId) ?? map.set(r.citizenId, []).get(r.citizenId)!).push(r);
      return citizenIds.map((id) => map.get(id) ?? []);
    }),
    /** SA-2: the first day after bookBy on which the citizen booked digitally or turned up (by assessment id). */
    sanctionContactOn: new DataLoader<string, Temporal.PlainDate | null>(async (assessmentIds) => {
      const rows: { id: string; contact_on: string | null }[] = await em.query(
        `SELECT a.id, ${CONTACT_DAY_SQL} AS contact_on FROM sanction_assessment a WHERE a.id = ANY($1::uuid[])`, [[...assessmentIds]]);
      const map = new Map(rows.map((r) => [r.id, r.contact_on ? Temporal.PlainDate.from(r.contact_on) : null]));
      return assessmentIds.map((id) => map.get(id) ?? null);
    }),
  };
}

/**
 * SA-2 (003 2.5: "frem til, at personen booker en jobsamtale digitalt eller genopretter kontakten"): the local day
 * (Europe/Copenhagen) of the citizen's first self-booked or walk-in interview created after bookBy, for the assessment `a`.
 */
export const CONTACT_DAY_SQL = `(SELECT ${localDaySql('min(m.created_at)')}::text FROM meeting m
  WHERE m.citizen_id = a.citizen_id AND m.origin IN ('SELF_BOOKED','WALK_IN')
    AND m.created_at >= ${startOfDaySql('a.book_by + 1')})`;
