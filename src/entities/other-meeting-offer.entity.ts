import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { instant, plainDate } from './transformers';

/** MT-6 (003 2.16): the jobcenter's offer to self-book another meeting than a job interview, with a last day to book. */
@Entity('other_meeting_offer')
export class OtherMeetingOffer {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'citizen_id', type: 'uuid' }) citizenId!: string;
  @Column({ name: 'jobcenter_id', type: 'uuid' }) jobcenterId!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ name: 'book_by', type: 'date', transformer: plainDate }) bookBy!: Temporal.PlainDate;
  @Column({ name: 'latest_meeting_date', type: 'date', transformer: plainDate }) latestMeetingDate!: Temporal.PlainDate;
  /** Stored status; read EXPIRED once bookBy has passed unbooked (otherMeetingOfferStatus). */
  @Column({ type: 'text' }) status!: 'OPEN' | 'BOOKED';
  @Column({ name: 'meeting_id', type: 'uuid', nullable: true }) meetingId!: string | null;
  /** The offer as the citizen reads it, saying they are called in otherwise (003 2.16). */
  @Column({ type: 'text' }) text!: string;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', transformer: instant }) createdAt!: Temporal.Instant;
}
