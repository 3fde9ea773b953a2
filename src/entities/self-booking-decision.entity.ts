import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { instant, plainDate } from './transformers';
import type { SelfBookingDecisionKind } from '../generated/enums';

/** EX-1 … EX-3: exemption (fritagelse), revocation (fratagelse) and their formal decisions. */
@Entity('self_booking_decision')
export class SelfBookingDecision {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'citizen_id', type: 'uuid' }) citizenId!: string;
  @Column({ type: 'text' }) kind!: SelfBookingDecisionKind;
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'text', nullable: true }) justification!: string | null;
  @Column({ name: 'complaint_guidance', type: 'text', nullable: true }) complaintGuidance!: string | null;
  @Column({ name: 'formal_decision', type: 'boolean', default: false }) formalDecision!: boolean;
  @Column({ name: 'decided_on', type: 'date', transformer: plainDate }) decidedOn!: Temporal.PlainDate;
  @Column({ name: 'decided_by', type: 'text' }) decidedBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', transformer: instant, insert: false, update: false }) createdAt!: Temporal.Instant;
}
