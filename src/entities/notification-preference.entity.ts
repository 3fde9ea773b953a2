import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { instant } from './transformers';

/** CZ-7: one change of the citizen's notification choice (history; the newest row per citizen is current). */
@Entity('notification_preference')
export class NotificationPreference {
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq!: string;
  @Column({ type: 'uuid', insert: false, update: false }) id!: string;
  @Column({ name: 'citizen_id', type: 'uuid' }) citizenId!: string;
  @Column({ type: 'boolean' }) sms!: boolean;
  @Column({ type: 'boolean' }) email!: boolean;
  /** +45 and 8 digits. */
  @Column({ type: 'text', nullable: true }) phone!: string | null;
  @Column({ name: 'email_address', type: 'text', nullable: true }) emailAddress!: string | null;
  @Column({ name: 'set_at', type: 'timestamptz', transformer: instant }) setAt!: Temporal.Instant;
  @Column({ name: 'set_by', type: 'text' }) setBy!: string;
}
