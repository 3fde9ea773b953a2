import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter } from '../../src/entities';
import { AccessLogForCursors, CitizenId, CitizensForCursors, CitizensForCursors2, FollowUpList, SlotsForCursors } from '../support/operations';

/** What a cursor could reveal, read every way a curious client would (base64 / base64url, as UTF-8 and Latin-1). */
function readings(cursor: string): string[] {
  const out: string[] = [cursor];
  for (const enc of ['base64', 'base64url'] as const) {
    const raw = Buffer.from(cursor, enc);
    out.push(raw.toString('utf8'), raw.toString('latin1'), raw.toString('hex'));
  }
  return out;
}

function expectNoPersonalData(cursor: string, citizens: Citizen[]) {
  for (const text of readings(cursor)) {
    for (const c of citizens) {
      expect(text).not.toContain(c.name);
      expect(text).not.toContain(c.cpr);
    }
    expect(() => JSON.parse(text)).toThrow();
  }
}

describe('IN-2: opaque cursors and access logging of lists', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00' });
  let jc: Jobcenter;
  let citizens: Citizen[];
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    citizens = [];
    for (const name of ['Åse Østergård', 'Bo Berg', 'Anna Andersen', 'Carl Christensen', 'Anna Andersen']) citizens.push(await t.fx.citizen(jc, { name }));
  });

  it('IN-2: citizens(first: 1) paged to the end shows every citizen once, in name order, and no cursor reveals a name or CPR', async () => {
    const cw = as.caseworker(jc.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const r: Record<string, any> = await t.as(cw).run(CitizensForCursors, { jc: jc.id, first: 1, after });
      const page = r.citizens;
      seen.push(...page.nodes.map((n: { id: string }) => n.id));
      if (page.pageInfo.endCursor) expectNoPersonalData(page.pageInfo.endCursor, citizens);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const byName = [...citizens].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1)).map((c) => c.id);
    expect(seen).toEqual(byName);
  });

  it('IN-2: the cursors of the other lists of citizens (follow-up list, access log) reveal no personal data either', async () => {
    const cw = as.caseworker(jc.id);
    const c = citizens[0]!;
    await t.as(cw).run(CitizenId, { id: c.id });
    await t.as(cw).run(CitizenId, { id: c.id });
    const log = await t.as(cw).run(AccessLogForCursors, { id: c.id });
    expectNoPersonalData(log.accessLog.pageInfo.endCursor, citizens);
    const follow = await t.as(cw).run(FollowUpList, { jc: jc.id });
    expect(follow.followUpList.pageInfo.endCursor).toBeTruthy();
    expectNoPersonalData(follow.followUpList.pageInfo.endCursor, citizens);
  });

  it('IN-2: a tampered cursor, a cursor of another list, and the old readable format are BAD_USER_INPUT, and nothing is read', async () => {
    const cw = as.caseworker(jc.id);
    const first = await t.as(cw).run(CitizensForCursors, { jc: jc.id, first: 1 });
    const cursor: string = first.citizens.pageInfo.endCursor;
    const raw = Buffer.from(cursor, 'base64url');
    raw[raw.length - 1] ^= 1;
    const slots = await t.as(cw).run(SlotsForCursors, { jc: jc.id });
    expect(slots.slots.pageInfo.endCursor).toBeNull(); // no slots: take a cursor of the access log instead
    const log = await t.as(cw).run(AccessLogForCursors, { id: citizens[1]!.id });
    const readable = Buffer.from(JSON.stringify(['Bo Berg', citizens[1]!.id])).toString('base64url');
    for (const after of [raw.toString('base64url'), log.accessLog.pageInfo.endCursor, readable, 'x']) {
      const r = await t.as(cw).exec(CitizensForCursors, { jc: jc.id, first: 1, after });
      expect([after, r.errors?.[0]?.extensions?.code]).toEqual([after, 'BAD_USER_INPUT']);
      expect(r.errors?.[0]?.message).toMatch(/^IN-2: after is not a cursor returned by Query\.citizens/);
      expect(r.data).toBeNull();
    }
  });

  it('IN-2: reading the citizens list writes an access-log entry (READ, Query.citizens) for each citizen on the page', async () => {
    const other = await t.fx.jobcenter();
    const c1 = await t.fx.citizen(other, { name: 'Dorte Dam' });
    const c2 = await t.fx.citizen(other, { name: 'Erik Eg' });
    await t.as.caseworker(other.id, 'jane').run(CitizensForCursors, { jc: other.id, first: 1 });
    const rows: { citizen_id: string; access: string; operation: string; actor: string }[] = await t.ds.query(
      `SELECT citizen_id, access, operation, actor FROM access_log WHERE citizen_id = ANY($1::uuid[]) ORDER BY id`, [[c1.id, c2.id]]);
    expect(rows).toEqual([{ citizen_id: c1.id, access: 'READ', operation: 'Query.citizens', actor: `caseworker:${other.id}:jane` }]);
  });

  it('IN-2: a page read for its cursor only (pageInfo, no nodes) is logged too: the server read those citizens for the caller', async () => {
    const other = await t.fx.jobcenter();
    const c1 = await t.fx.citizen(other, { name: 'Frida Fisk' });
    await t.fx.citizen(other, { name: 'Gorm Gran' });
    const r = await t.as.caseworker(other.id, 'jane').run(CitizensForCursors2, { jc: other.id });
    expect(r.citizens.pageInfo.hasNextPage).toBe(true);
    const rows: { citizen_id: string; operation: string }[] = await t.ds.query(
      `SELECT citizen_id, operation FROM access_log WHERE jobcenter_id = $1 ORDER BY id`, [other.id]);
    expect(rows).toEqual([{ citizen_id: c1.id, operation: 'Query.citizens' }]);
  });
});
