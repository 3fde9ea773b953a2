import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { instant, plainDate } from './transformers';
import type { DeadlineChannel, DeadlineCloseReason, DeadlineStatus } from '../generated/enums';

/** Frist for selvbooking (DL-1). */
@Entity('deadline')
export class Deadline {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'citizen_id', type: 'uuid' }) citizenId!: string;
  @Column({ name: 'jobcenter_id', type: 'uuid' }) jobcenterId!: string;
  @Column({ name: 'available_from', type: 'date', transformer: plainDate }) availableFrom!: Temporal.PlainDate;
  @Column({ name: 'book_by', type: 'date', transformer: plainDate }) bookBy!: Temporal.PlainDate;
  @Column({ name: 'latest_interview_date', type: 'date', transformer: plainDate }) latestInterviewDate!: Temporal.PlainDate;
  @Column({ name: 'original_book_by', type: 'date', transformer: plainDate }) originalBookBy!: Temporal.PlainDate;
  @Column({ type: 'text' }) channel!: DeadlineChannel;
  /** The stored status; read through `effectiveDeadlineStatus` (an OPEN deadline past bookBy reads EXPIRED). */
  @Column({ type: 'text' }) status!: DeadlineStatus;
  @Column({ name: 'close_reason', type: 'text', nullable: true }) closeReason!: DeadlineCloseReason | null;
  @Column({ name: 'meeting_id', type: 'uuid', nullable: true }) meetingId!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', transformer: instant }) createdAt!: Temporal.Instant;
  @Column({ name: 'status_changed_at', type: 'timestamptz', transformer: instant }) statusChangedAt!: Temporal.Instant;
}
