import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { plainDate } from './transformers';

/**
 * Issue 16 (2), CC-7/CC-10: a citizen's stored contact-course status (migration 1700013500000; kept by
 * src/domain/contact-course/contact-course.status.ts). Valid on the days from `computedOn` to the day before
 * `recheckOn` (no end when null), when `rulesVersion` is the current one.
 */
@Entity('contact_course_status')
export class ContactCourseStatus {
  @PrimaryColumn({ name: 'citizen_id', type: 'uuid' }) citizenId!: string;
  @Column({ name: 'jobcenter_id', type: 'uuid' }) jobcenterId!: string;
  @Column({ name: 'name', type: 'text' }) name!: string;
  @Column({ name: 'rules_version', type: 'integer' }) rulesVersion!: number;
  @Column({ name: 'computed_on', type: 'date', transformer: plainDate }) computedOn!: Temporal.PlainDate;
  @Column({ name: 'recheck_on', type: 'date', nullable: true, transformer: plainDate }) recheckOn!: Temporal.PlainDate | null;
  @Column({ name: 'phase', type: 'text' }) phase!: string;
  @Column({ name: 'next_due_date', type: 'date', nullable: true, transformer: plainDate }) nextDueDate!: Temporal.PlainDate | null;
  /** CC-7: requirements MISSED. */
  @Column({ name: 'missed', type: 'integer' }) missed!: number;
  /** CC-7: requirements at risk. */
  @Column({ name: 'at_risk', type: 'integer' }) atRisk!: number;
  @Column({ name: 'interviews_held', type: 'integer' }) interviewsHeld!: number;
  @Column({ name: 'interviews_held_in_first_six_months', type: 'integer' }) interviewsHeldInFirstSixMonths!: number;
}
