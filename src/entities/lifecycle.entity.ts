import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { instant, plainDate } from './transformers';
import type { ReasonableCause, SanctionAssessmentStatus, SanctionOutcome, TargetGroup } from '../generated/enums';

/** RG-1 (003 2.14): a Jobnet outage window recorded by a jobcenter; deregistrations for a bookBy inside it are flagged. */
@Entity('system_outage')
export class SystemOutage {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'jobcenter_id', type: 'uuid' }) jobcenterId!: string;
  @Column({ name: 'starts_at', type: 'timestamptz', transformer: instant }) startsAt!: Temporal.Instant;
  @Column({ name: 'ends_at', type: 'timestamptz', transformer: instant }) endsAt!: Temporal.Instant;
  @Column({ type: 'text' }) description!: string;
  @Column({ name: 'recorded_by', type: 'text' }) recordedBy!: string;
  @Column({ name: 'recorded_at', type: 'timestamptz', transformer: instant }) recordedAt!: Temporal.Instant;
}

/** SA-1 … SA-2: the jobcenter's assessment of a missed deadline (groups other than INSURED_UNEMPLOYED). */
@Entity('sanction_assessment')
export class SanctionAssessment {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'citizen_id', type: 'uuid' }) citizenId!: string;
  @Column({ name: 'jobcenter_id', type: 'uuid' }) jobcenterId!: string;
  @Column({ name: 'deadline_id', type: 'uuid' }) deadlineId!: string;
  @Column({ name: 'target_group', type: 'text' }) targetGroup!: TargetGroup;
  @Column({ name: 'book_by', type: 'date', transformer: plainDate }) bookBy!: Temporal.PlainDate;
  @Column({ name: 'opened_on', type: 'date', transformer: plainDate }) openedOn!: Temporal.PlainDate;
  @Column({ name: 'opened_at', type: 'timestamptz', transformer: instant }) openedAt!: Temporal.Instant;
  @Column({ type: 'text' }) status!: SanctionAssessmentStatus;
  @Column({ type: 'text', nullable: true }) outcome!: SanctionOutcome | null;
  @Column({ name: 'reasonable_cause', type: 'text', nullable: true }) reasonableCause!: ReasonableCause | null;
  @Column({ name: 'contact_on', type: 'date', nullable: true, transformer: plainDate }) contactOn!: Temporal.PlainDate | null;
  @Column({ name: 'deducted_days', type: 'integer', nullable: true }) deductedDays!: number | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true, transformer: instant }) decidedAt!: Temporal.Instant | null;
}

/** One daily transition run (audit of the scheduler and the `npm run transitions` command). */
@Entity('transition_run')
export class TransitionRun {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'run_date', type: 'date', transformer: plainDate }) runDate!: Temporal.PlainDate;
  @Column({ type: 'text' }) runner!: string;
  @Column({ name: 'started_at', type: 'timestamptz', transformer: instant }) startedAt!: Temporal.Instant;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true, transformer: instant }) finishedAt!: Temporal.Instant | null;
  @Column({ type: 'jsonb', default: {} }) counts!: Record<string, number>;
}
