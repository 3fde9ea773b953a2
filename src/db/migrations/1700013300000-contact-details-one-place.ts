import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CZ-1/CZ-7: a citizen's phone number and e-mail address in one place — `citizen.phone` (8 digits) and `citizen.email`.
 * Until now a number could sit both there (given at registration, CZ-1) and in the newest `notification_preference`
 * row (chosen by the citizen, CZ-7), and the two could differ; notices read one, the API's Citizen fields the other.
 * `notification_preference` stays the history of the citizen's choices (who chose what, when, with the address then).
 * The merge: where the citizen's current choice names a number or address, it wins over the registration's — it is the
 * newer, and the citizen's own. **Decision.** Where it names none (that channel off), the registration's stays.
 */
export class ContactDetailsOnePlace1700013300000 implements MigrationInterface {
  name = 'ContactDetailsOnePlace1700013300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE citizen c
         SET phone = CASE WHEN p.sms AND p.phone IS NOT NULL THEN substr(p.phone, 4) ELSE c.phone END,
             email = CASE WHEN p.email AND p.email_address IS NOT NULL THEN p.email_address ELSE c.email END
        FROM (SELECT DISTINCT ON (citizen_id) citizen_id, sms, phone, email, email_address
                FROM notification_preference ORDER BY citizen_id, seq DESC) p
       WHERE p.citizen_id = c.id AND ((p.sms AND p.phone IS NOT NULL) OR (p.email AND p.email_address IS NOT NULL))`);
  }

  async down(): Promise<void> {
    // The merge is not undone: the newer number was the one notices went to, and the history keeps every earlier one.
  }
}
