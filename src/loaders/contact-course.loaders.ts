import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { RegistrationPeriod } from '../entities';

/**
 * DataLoaders of the contact course (created per request with the others): the registration periods of many
 * citizens in one query, so the contact course of a list of citizens costs no query per citizen.
 */
export function createContactCourseLoaders(ds: DataSource) {
  const em = ds.manager;
  return {
    registrationPeriodsByCitizen: new DataLoader<string, RegistrationPeriod[]>(async (citizenIds) => {
      const rows = await em.find(RegistrationPeriod, { where: { citizenId: In([...citizenIds]) }, order: { registeredFrom: 'ASC', id: 'ASC' } });
      const map = new Map<string, RegistrationPeriod[]>();
      for (const r of rows) {
        if (!map.has(r.citizenId)) map.set(r.citizenId, []);
        map.get(r.citizenId)!.push(r);
      }
      return citizenIds.map((id) => map.get(id) ?? []);
    }),
  };
}
