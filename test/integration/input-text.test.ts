import { withApp } from '../support/app';
import { gqlPost } from '../support/http';
import { snapshotAll } from '../support/snapshot';
import type { Jobcenter } from '../../src/entities';
import { CitizenId, CitizenName, CitizensForInputText, RecordSystemOutageForInputText } from '../support/operations';

describe('input text: one normalisation at the edge, no bidi controls', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00' });
  let jc: Jobcenter;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
  });

  const stored = async (id: string): Promise<string> => (await t.ds.query(`SELECT description FROM system_outage WHERE id = $1`, [id]))[0].description;

  it('IN-1 (item 11): what the API prints is what it stores — a lone UTF-16 surrogate is echoed as it is stored (U+FFFD), not as sent', async () => {
    const r = await t.as.caseworker(jc.id).run(RecordSystemOutageForInputText, { input: { startsAt: '2026-03-02T08:00:00+01:00', endsAt: '2026-03-02T08:30:00+01:00', description: 'Jobnet \uD800 nede' } });
    expect(r.recordSystemOutage.userErrors).toEqual([]);
    const { id, description } = r.recordSystemOutage.outage;
    expect(description).toBe('Jobnet \uFFFD nede');
    expect(await stored(id)).toBe(description);
  });

  it('IN-1 (item 11): text is kept in Unicode NFC, echoed and stored alike (a decomposed Å becomes one character)', async () => {
    const r = await t.as.caseworker(jc.id).run(RecordSystemOutageForInputText, { input: { startsAt: '2026-03-02T09:00:00+01:00', endsAt: '2026-03-02T09:30:00+01:00', description: 'A\u030Arhus nede' } });
    const { id, description } = r.recordSystemOutage.outage;
    expect(description).toBe('\u00C5rhus nede');
    expect(await stored(id)).toBe(description);
  });

  it('IN-2 (item 11): bidi controls (U+202E, U+2066) in free text answer INVALID_INPUT naming the field, and nothing is written', async () => {
    for (const ch of ['\u202E', '\u2066', '\u202A']) {
      const before = await snapshotAll(t.ds);
      const r = await t.as.caseworker(jc.id).run(RecordSystemOutageForInputText, { input: { startsAt: '2026-03-02T10:00:00+01:00', endsAt: '2026-03-02T10:30:00+01:00', description: `Jobnet ${ch}edein` } });
      expect(r.recordSystemOutage).toEqual({ outage: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'description'], message: expect.stringMatching(/^RG-1: description must not contain bidirectional control characters/) }] });
      expect(await snapshotAll(t.ds)).toEqual(before);
    }
    // Right-to-left text itself, and the marks U+200E/U+200F, stay allowed.
    const ok = await t.as.caseworker(jc.id).run(RecordSystemOutageForInputText, { input: { startsAt: '2026-03-02T11:00:00+01:00', endsAt: '2026-03-02T11:30:00+01:00', description: 'مرحبا \u200F Jobnet' } });
    expect(ok.recordSystemOutage.userErrors).toEqual([]);
  });

  it('IN-2 (item 11): a bidi control in a query argument is BAD_USER_INPUT naming it, before the argument is used', async () => {
    const r = await t.as.caseworker(jc.id).exec(CitizensForInputText, { jc: jc.id, after: 'abc\u202Edef' });
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' }, message: expect.stringMatching(/^Query\.citizens: after must not contain bidirectional control characters/) });
  });

  it('IN-2 (item 11): x-purpose with a bidi control (U+202E) is refused (400) before anything is read or logged; the citizen never sees it reversed', async () => {
    const url = await t.listen();
    const c = await t.fx.citizen(jc);
    const before = await snapshotAll(t.ds);
    const purpose = Buffer.from('Sag 17 \u202Egnirolpu', 'utf8').toString('latin1');
    const r = await gqlPost(url, CitizenName, { id: c.id }, { 'x-dev-actor': `caseworker:${jc.id}`, 'x-purpose': purpose });
    expect(r.status).toBe(400);
    expect(r.json.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(r.json.errors[0].message).toMatch(/bidirectional controls/);
    expect(await snapshotAll(t.ds)).toEqual(before);
    const fine = await gqlPost(url, CitizenId, { id: c.id }, { 'x-dev-actor': `caseworker:${jc.id}`, 'x-purpose': Buffer.from('Sag 17: opfølgning', 'utf8').toString('latin1') });
    expect(fine.status).toBe(200);
    expect(await t.ds.query(`SELECT purpose FROM access_log WHERE citizen_id = $1`, [c.id])).toEqual([{ purpose: 'Sag 17: opfølgning' }]);
  });
});
