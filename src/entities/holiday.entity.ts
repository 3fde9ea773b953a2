import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { plainDate } from './transformers';
import type { HolidayKind } from '../generated/enums';

/** DL-6: a notified holiday or 6-week job-oriented education period. */
@Entity('holiday')
export class Holiday {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'citizen_id', type: 'uuid' }) citizenId!: string;
  @Column({ type: 'text' }) kind!: HolidayKind;
  @Column({ name: 'start_date', type: 'date', transformer: plainDate }) startDate!: Temporal.PlainDate;
  @Column({ name: 'end_date', type: 'date', transformer: plainDate }) endDate!: Temporal.PlainDate;
  @Column({ name: 'notified_on', type: 'date', transformer: plainDate }) notifiedOn!: Temporal.PlainDate;
}
