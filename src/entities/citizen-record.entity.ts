import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { instant, plainDate } from './transformers';
import type { JobInterviewRequestedVia, SelfBookingGuidanceForm } from '../generated/enums';

/** TG-2: one offer or withdrawal of voluntary self-booking, with who, when and why. */
@Entity('voluntary_self_booking_change')
export class VoluntarySelfBookingChange {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'citizen_id', type: 'uuid' }) citizenId!: string;
  @Column({ type: 'boolean' }) offered!: boolean;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'changed_on', type: 'date', transformer: plainDate }) changedOn!: Temporal.PlainDate;
  @Column({ name: 'changed_by', type: 'text' }) changedBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', transformer: instant, insert: false, update: false }) recordedAt!: Temporal.Instant;
}

/** GU-1: guidance about self-booking and the consequences of not booking, as recorded by the jobcenter. */
@Entity('self_booking_guidance')
export class SelfBookingGuidance {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'citizen_id', type: 'uuid' }) citizenId!: string;
  @Column({ name: 'given_on', type: 'date', transformer: plainDate }) givenOn!: Temporal.PlainDate;
  @Column({ type: 'text' }) form!: SelfBookingGuidanceForm;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'recorded_by', type: 'text' }) recordedBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', transformer: instant, insert: false, update: false }) recordedAt!: Temporal.Instant;
}

/** CC-11: a request for a job interview after the first six months. */
@Entity('job_interview_request')
export class JobInterviewRequest {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'citizen_id', type: 'uuid' }) citizenId!: string;
  @Column({ name: 'requested_on', type: 'date', transformer: plainDate }) requestedOn!: Temporal.PlainDate;
  @Column({ name: 'requested_via', type: 'text' }) requestedVia!: JobInterviewRequestedVia;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'recorded_by', type: 'text' }) recordedBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', transformer: instant, insert: false, update: false }) recordedAt!: Temporal.Instant;
}
