import { Temporal } from 'temporal-polyfill';
import type { Citizen } from '../../entities';
import { mayReadCitizenRecord, requirePolicy, signedIn } from '../../auth/policy';
import type { Actor } from '../shared/actor';
import { BadInputError, ForbiddenError } from '../shared/errors';
import { decodeCursor, keysetPage } from '../shared/pagination';
import type { Scope } from '../shared/scope';
import { LETTER_EVENT_TYPES, type LetterDocument, type LetterEventType, composeLetter } from './letter.rules';

/** The most letters one page returns. */
const MAX_LETTERS_PAGE = 100;

interface LetterRow {
  id: string; seq: string; type: LetterEventType; occurred_at: Date; citizen_id: string; payload: Record<string, unknown>;
  sender: string | null; recipient: string; jobcenter_id: string; unemployment_fund_id: string | null;
}

/**
 * CZ-8: who may read a citizen's letters: the citizen and the staff of the citizen's jobcenter. Not the a-kasse
 * (data minimisation: it learns what it needs from the events, EV-2), not statistics.
 */
function mayReadLetters(actor: Actor, owner: Pick<Citizen, 'id' | 'jobcenterId' | 'unemploymentFundId'>): boolean {
  // A citizen's record (FOREIGN_OBJECT_ANSWERS): Letter is no type an a-kasse may read (FUND_READABLE_FIELDS).
  return mayReadCitizenRecord(actor, 'Letter', {}, owner);
}

/** CZ-8: the letters the system sent, as documents built from their events. */
export class LetterService {
  /** A citizen's letters, newest first, keyset-paginated. */
  async lettersOf(scope: Scope, citizen: Citizen, first: number, after: string | null) {
    if (!mayReadLetters(scope.actor, citizen)) throw new ForbiddenError('CZ-8: letters are for the citizen and the citizen\'s jobcenter only');
    const limit = Math.max(1, Math.min(first, MAX_LETTERS_PAGE));
    let before: string | null = null;
    if (after) {
      const [seq] = decodeCursor('letters', after);
      if (!/^\d{1,19}$/.test(seq!)) throw new BadInputError('after: not a cursor returned by this API', 'after');
      before = seq!;
    }
    const rows: LetterRow[] = await scope.db.query(
      `${SELECT} WHERE e.citizen_id = $1 AND e.type = ANY($2) AND ($3::bigint IS NULL OR e.seq < $3::bigint) ORDER BY e.seq DESC LIMIT $4`,
      [citizen.id, LETTER_EVENT_TYPES, before, limit + 1],
    );
    // Page over the events (so hasNextPage and the cursor are right even if an event is no letter this version reads).
    const page = keysetPage('letters', rows, limit, (r) => [r.seq, r.id]);
    return { nodes: page.nodes.map(toLetter).filter((l): l is LetterDocument => l !== undefined), pageInfo: page.pageInfo };
  }

  /** One letter, or null when there is none or the actor may not read it (one answer for both). */
  async letter(scope: Scope, id: string): Promise<LetterDocument | null> {
    requirePolicy(signedIn, scope.actor);
    const rows: LetterRow[] = await scope.db.query(`${SELECT} WHERE e.id = $1 AND e.type = ANY($2)`, [id, LETTER_EVENT_TYPES]);
    const row = rows[0];
    if (!row) return null;
    if (!mayReadLetters(scope.actor, { id: row.citizen_id, jobcenterId: row.jobcenter_id, unemploymentFundId: row.unemployment_fund_id })) return null;
    return toLetter(row) ?? null;
  }
}

/** The letter event with its sender (the jobcenter that sent it) and recipient (the citizen, as registered now). */
const SELECT = `
  SELECT e.id, e.seq::text AS seq, e.type, e.occurred_at, e.citizen_id, e.payload, j.name AS sender, c.name AS recipient,
         c.jobcenter_id, c.unemployment_fund_id
    FROM domain_event e
    JOIN citizen c ON c.id = e.citizen_id
    LEFT JOIN jobcenter j ON j.id = e.jobcenter_id`;

function toLetter(r: LetterRow): LetterDocument | undefined {
  return composeLetter(
    { id: r.id, seq: r.seq, type: r.type, occurredAt: Temporal.Instant.fromEpochMilliseconds(r.occurred_at.getTime()), citizenId: r.citizen_id, payload: r.payload },
    { sender: r.sender ?? 'Jobcentret', recipientName: r.recipient, recipientAddress: null },
  );
}
