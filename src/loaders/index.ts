import DataLoader from 'dataloader';
import { type DataSource, type EntityTarget, type FindOptionsOrder, type FindOptionsWhere, In, type ObjectLiteral } from 'typeorm';
import {
  Citizen, CitizenChange, Deadline, DeadlineHistory, JobInterviewRequest, Jobcenter, Meeting, MeetingHistory, SelfBookingGuidance, Slot,
  UnemploymentFund, VoluntarySelfBookingChange,
} from '../entities';
import { byIdLoader, createCitizenRowLoaders } from './citizen-rows.loaders';
import { createLifecycleLoaders } from './lifecycle.loaders';

/**
 * DataLoaders, created fresh for every request (never shared across actors), so a list of N items
 * costs one query per relation instead of N.
 */
export function createLoaders(ds: DataSource) {
  const em = ds.manager;

  function byId<T extends ObjectLiteral & { id: string }>(entity: EntityTarget<T>) {
    return byIdLoader(ds, entity);
  }

  function groupBy<T extends ObjectLiteral>(entity: EntityTarget<T>, key: keyof T & string, order: FindOptionsOrder<T>, extra: FindOptionsWhere<T> = {}) {
    return new DataLoader<string, T[]>(async (keys) => {
      const rows = await em.find(entity, { where: { ...extra, [key]: In([...keys]) } as FindOptionsWhere<T>, order });
      const map = new Map<string, T[]>();
      for (const r of rows) {
        const k = r[key] as string;
        if (!map.has(k)) map.set(k, []);
        map.get(k)!.push(r);
      }
      return keys.map((k) => map.get(k) ?? []);
    });
  }

  return {
    lifecycle: createLifecycleLoaders(ds),
    citizen: byId(Citizen),
    jobcenter: byId(Jobcenter),
    unemploymentFund: byId(UnemploymentFund),
    deadline: byId(Deadline),
    meeting: byId(Meeting),
    slot: byId(Slot),
    // A citizen's rows (active deadline, deadlines, meetings, planned meetings, registration periods, holidays,
    // decisions, messages): every kind asked for in the same tick shares one statement (issue 7: obligations and
    // the caseworker list in a fixed, small number of statements). Its registrationPeriodsByCitizen is the contact
    // course's too, so the contact course's two loads join that statement.
    ...createCitizenRowLoaders(ds),
    deadlineHistory: groupBy(DeadlineHistory, 'deadlineId', { id: 'ASC' }),
    meetingHistory: groupBy(MeetingHistory, 'meetingId', { id: 'ASC' }),
    // TG-2, GU-1, CC-11 (issue 15): read with a citizen on its page only, so one statement per kind is enough.
    voluntarySelfBookingHistory: groupBy(VoluntarySelfBookingChange, 'citizenId', { recordedAt: 'ASC', id: 'ASC' }),
    guidanceByCitizen: groupBy(SelfBookingGuidance, 'citizenId', { givenOn: 'ASC', id: 'ASC' }),
    interviewRequestsByCitizen: groupBy(JobInterviewRequest, 'citizenId', { requestedOn: 'ASC', id: 'ASC' }),
    citizenChanges: groupBy(CitizenChange, 'citizenId', { id: 'ASC' }),
    slotBooked: new DataLoader<string, boolean>(async (slotIds) => {
      const rows: { slot_id: string }[] = await em.query(
        `SELECT slot_id FROM meeting WHERE slot_id = ANY($1::uuid[]) AND status <> 'CANCELLED'`, [[...slotIds]]);
      const booked = new Set(rows.map((r) => r.slot_id));
      return slotIds.map((id) => booked.has(id));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
