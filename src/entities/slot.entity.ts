import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { instant } from './transformers';
import type { MeetingForm, SlotKind } from '../generated/enums';

@Entity('slot')
export class Slot {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'jobcenter_id', type: 'uuid' }) jobcenterId!: string;
  @Column({ name: 'starts_at', type: 'timestamptz', transformer: instant }) startsAt!: Temporal.Instant;
  @Column({ name: 'ends_at', type: 'timestamptz', transformer: instant }) endsAt!: Temporal.Instant;
  @Column({ name: 'group_starts_at', type: 'timestamptz', nullable: true, transformer: instant }) groupStartsAt!: Temporal.Instant | null;
  @Column({ type: 'text' }) form!: MeetingForm;
  @Column({ type: 'text' }) kind!: SlotKind;
  @Column({ type: 'text', nullable: true }) location!: string | null;
  @Column({ type: 'text', nullable: true }) caseworker!: string | null;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true, transformer: instant }) withdrawnAt!: Temporal.Instant | null;
  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true }) withdrawnReason!: string | null;
  /** When it was published (RG-10: a slot published after the citizen was told there was none remedies it). */
  @Column({ name: 'created_at', type: 'timestamptz', transformer: instant }) createdAt!: Temporal.Instant;
}
