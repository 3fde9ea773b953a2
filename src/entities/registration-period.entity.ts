import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { plainDate } from './transformers';

@Entity('registration_period')
export class RegistrationPeriod {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'citizen_id', type: 'uuid' }) citizenId!: string;
  @Column({ name: 'registered_from', type: 'date', transformer: plainDate }) registeredFrom!: Temporal.PlainDate;
  @Column({ name: 'registered_via', type: 'text' }) registeredVia!: string;
  @Column({ name: 'deregistered_from', type: 'date', nullable: true, transformer: plainDate }) deregisteredFrom!: Temporal.PlainDate | null;
  @Column({ name: 'deregistration_reason', type: 'text', nullable: true }) deregistrationReason!: string | null;
  @Column({ name: 'system_outage', type: 'boolean', default: false }) systemOutage!: boolean;
}
