import DataLoader from 'dataloader';
import { type DataSource, type EntityTarget, type FindOptionsOrder, type FindOptionsWhere, In, type ObjectLiteral } from 'typeorm';
import {
  Citizen, CitizenMessage, Deadline, DeadlineHistory, Holiday, Jobcenter, Meeting, MeetingHistory, SelfBookingDecision, Slot,
  UnemploymentFund,
} from '../entities';
import { ACTIVE_DEADLINE_STATUSES } from '../domain/shared/enums';
import { createContactCourseLoaders } from './contact-course.loaders';
import { createLifecycleLoaders } from './lifecycle.loaders';

/**
 * DataLoaders, created fresh for every request (never shared across actors), so a list of N items
 * costs one query per relation instead of N.
 */
export function createLoaders(ds: DataSource) {
  const em = ds.manager;

  function byId<T extends ObjectLiteral & { id: string }>(entity: EntityTarget<T>) {
    return new DataLoader<string, T | null>(async (ids) => {
      const rows = await em.findBy(entity, { id: In([...ids]) } as FindOptionsWhere<T>);
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    });
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
    ...createContactCourseLoaders(ds),
    lifecycle: createLifecycleLoaders(ds),
    citizen: byId(Citizen),
    jobcenter: byId(Jobcenter),
    unemploymentFund: byId(UnemploymentFund),
    deadline: byId(Deadline),
    meeting: byId(Meeting),
    slot: byId(Slot),
    activeDeadline: new DataLoader<string, Deadline | null>(async (citizenIds) => {
      const rows = await em.find(Deadline, { where: { citizenId: In([...citizenIds]), status: In([...ACTIVE_DEADLINE_STATUSES]) } });
      const map = new Map(rows.map((r) => [r.citizenId, r]));
      return citizenIds.map((id) => map.get(id) ?? null);
    }),
    deadlinesByCitizen: groupBy(Deadline, 'citizenId', { createdAt: 'DESC', id: 'DESC' }),
    meetingsByCitizen: groupBy(Meeting, 'citizenId', { startsAt: 'DESC', id: 'DESC' }),
    plannedMeetingsByCitizen: groupBy(Meeting, 'citizenId', { startsAt: 'ASC', id: 'ASC' }, { status: 'PLANNED' }),
    deadlineHistory: groupBy(DeadlineHistory, 'deadlineId', { id: 'ASC' }),
    meetingHistory: groupBy(MeetingHistory, 'meetingId', { id: 'ASC' }),
    holidaysByCitizen: groupBy(Holiday, 'citizenId', { startDate: 'ASC' }),
    decisionsByCitizen: groupBy(SelfBookingDecision, 'citizenId', { createdAt: 'ASC' }),
    messagesByCitizen: groupBy(CitizenMessage, 'citizenId', { at: 'DESC' }),
    slotBooked: new DataLoader<string, boolean>(async (slotIds) => {
      const rows: { slot_id: string }[] = await em.query(
        `SELECT slot_id FROM meeting WHERE slot_id = ANY($1::uuid[]) AND status <> 'CANCELLED'`, [[...slotIds]]);
      const booked = new Set(rows.map((r) => r.slot_id));
      return slotIds.map((id) => booked.has(id));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
