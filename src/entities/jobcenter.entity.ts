import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { instant } from './transformers';

@Entity('jobcenter')
export class Jobcenter {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) name!: string;
  /** CZ-9: the municipality (kommunekode) whose jobcenter this is; null for a jobcenter outside the reference data. */
  @Column({ name: 'municipality_code', type: 'text', nullable: true }) municipalityCode!: string | null;
  /** SL-4: rebooking must happen at least this many hours before the interview; null = no cutoff. */
  @Column({ name: 'rebooking_cutoff_hours', type: 'integer', nullable: true }) rebookingCutoffHours!: number | null;
  @Column({ name: 'created_at', type: 'timestamptz', transformer: instant, insert: false, update: false }) createdAt!: Temporal.Instant;
}
