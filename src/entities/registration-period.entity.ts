import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { plainDate } from './transformers';
import type { DeregistrationReason, RegistrationChannel } from '../generated/enums';

@Entity('registration_period')
export class RegistrationPeriod {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'citizen_id', type: 'uuid' }) citizenId!: string;
  @Column({ name: 'registered_from', type: 'date', transformer: plainDate }) registeredFrom!: Temporal.PlainDate;
  @Column({ name: 'registered_via', type: 'text' }) registeredVia!: RegistrationChannel;
  @Column({ name: 'deregistered_from', type: 'date', nullable: true, transformer: plainDate }) deregisteredFrom!: Temporal.PlainDate | null;
  @Column({ name: 'deregistration_reason', type: 'text', nullable: true }) deregistrationReason!: DeregistrationReason | null;
  @Column({ name: 'system_outage', type: 'boolean', default: false }) systemOutage!: boolean;
  /** Who deregistered: SYSTEM (the daily run, RG-1), JOBNET (the citizen), JOBCENTER or UNEMPLOYMENT_FUND. */
  @Column({ name: 'deregistered_via', type: 'text', nullable: true }) deregisteredVia!: RegistrationChannel | null;
  /** RG-1: the missed deadline that caused a MISSED_DEADLINE deregistration. */
  @Column({ name: 'deadline_id', type: 'uuid', nullable: true }) deadlineId!: string | null;
  /** RG-8: the period began with a recovery report (raskmelding). */
  @Column({ name: 'recovery_report', type: 'boolean', default: false }) recoveryReport!: boolean;
  @Column({ name: 'deregistration_note', type: 'text', nullable: true }) deregistrationNote!: string | null;
}
