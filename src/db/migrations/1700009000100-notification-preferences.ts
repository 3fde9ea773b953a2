import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CZ-7: the citizen's choice of SMS and/or e-mail notices (DL-11) with the phone number and address they go to, kept
 * as history: every change is a row (who, when); the newest row per citizen is the current choice. The citizen's
 * notify_sms / notify_email flags stay the switch the issue path and the daily run read, set in the same transaction.
 */
export class NotificationPreferences1700009000100 implements MigrationInterface {
  name = 'NotificationPreferences1700009000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_preference (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
        citizen_id uuid NOT NULL REFERENCES citizen(id),
        sms boolean NOT NULL,
        email boolean NOT NULL,
        phone text NULL CHECK (phone ~ '^\\+45[2-9][0-9]{7}$'),
        email_address text NULL CHECK (length(email_address) BETWEEN 3 AND 254),
        set_at timestamptz NOT NULL,
        set_by text NOT NULL,
        CHECK (NOT sms OR phone IS NOT NULL),
        CHECK (NOT email OR email_address IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX notification_preference_citizen_idx ON notification_preference (citizen_id, seq DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_preference`);
  }
}
