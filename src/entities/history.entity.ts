import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { instant, plainDate } from './transformers';
import type { CitizenChangeKind } from '../generated/enums';

/** DL-7: every change of a deadline, with who, when, what and why. */
@Entity('deadline_history')
export class DeadlineHistory {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'deadline_id', type: 'uuid' }) deadlineId!: string;
  @Column({ type: 'timestamptz', transformer: instant }) at!: Temporal.Instant;
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'text' }) action!: string;
  @Column({ name: 'from_status', type: 'text', nullable: true }) fromStatus!: string | null;
  @Column({ name: 'to_status', type: 'text', nullable: true }) toStatus!: string | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'jsonb', default: {} }) details!: Record<string, unknown>;
}

/** Every change of a meeting, with who, when, what and why. */
@Entity('meeting_history')
export class MeetingHistory {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'meeting_id', type: 'uuid' }) meetingId!: string;
  @Column({ type: 'timestamptz', transformer: instant }) at!: Temporal.Instant;
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'text' }) action!: string;
  @Column({ name: 'from_status', type: 'text', nullable: true }) fromStatus!: string | null;
  @Column({ name: 'to_status', type: 'text', nullable: true }) toStatus!: string | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'jsonb', default: {} }) details!: Record<string, unknown>;
}

/** CZ-1 … CZ-5: every change of a citizen's master data, with who, when, from which day, what and why. */
@Entity('citizen_change')
export class CitizenChange {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'citizen_id', type: 'uuid' }) citizenId!: string;
  @Column({ type: 'timestamptz', transformer: instant }) at!: Temporal.Instant;
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'text' }) kind!: CitizenChangeKind;
  @Column({ name: 'effective_from', type: 'date', transformer: plainDate }) effectiveFrom!: Temporal.PlainDate;
  @Column({ name: 'from_value', type: 'text', nullable: true }) fromValue!: string | null;
  @Column({ name: 'to_value', type: 'text', nullable: true }) toValue!: string | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
}

