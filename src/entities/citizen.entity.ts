import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { plainDate } from './transformers';
import type { SelfBookingRight, TargetGroup } from '../generated/enums';

@Entity('citizen')
export class Citizen {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) cpr!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'jobcenter_id', type: 'uuid' }) jobcenterId!: string;
  @Column({ name: 'unemployment_fund_id', type: 'uuid', nullable: true }) unemploymentFundId!: string | null;
  @Column({ name: 'target_group', type: 'text' }) targetGroup!: TargetGroup;
  /** TG-2: the jobcenter offered voluntary self-booking to a citizen outside the duty groups. */
  @Column({ name: 'voluntary_self_booking', type: 'boolean', default: false }) voluntarySelfBooking!: boolean;
  /** TG-6: exempted from being actively job-seeking; deadlines then go by LETTER. */
  @Column({ name: 'exempt_from_active_job_seeking', type: 'boolean', default: false }) exemptFromActiveJobSeeking!: boolean;
  /** TG-5: less intensive effort (LAB § 106(1)). */
  @Column({ name: 'less_intensive_effort', type: 'boolean', default: false }) lessIntensiveEffort!: boolean;
  /** TG-5: the § 106(3) justification for keeping the duties despite less intensive effort. */
  @Column({ name: 'less_intensive_override_justification', type: 'text', nullable: true }) lessIntensiveOverrideJustification!: string | null;
  @Column({ name: 'self_booking_right', type: 'text', default: 'ALLOWED' }) selfBookingRight!: SelfBookingRight;
  /** Registered as job seeker (RG). */
  @Column({ type: 'boolean', default: true }) registered!: boolean;
  @Column({ name: 'unemployed_since', type: 'date', nullable: true, transformer: plainDate }) unemployedSince!: Temporal.PlainDate | null;
  @Column({ name: 'benefit_period_start', type: 'date', nullable: true, transformer: plainDate }) benefitPeriodStart!: Temporal.PlainDate | null;
  /** CZ-1: contact details given at registration. */
  @Column({ type: 'text', nullable: true }) phone!: string | null;
  @Column({ type: 'text', nullable: true }) email!: string | null;
  @Column({ name: 'notify_sms', type: 'boolean', default: false }) notifySms!: boolean;
  @Column({ name: 'notify_email', type: 'boolean', default: false }) notifyEmail!: boolean;
  /** RG-8: employed with wage subsidy (løntilskud); not deregistered for sickness. */
  @Column({ name: 'wage_subsidy', type: 'boolean', default: false }) wageSubsidy!: boolean;
}
