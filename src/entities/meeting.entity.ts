import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { instant, plainDate } from './transformers';
import type { FundParticipation, FundParticipationForm, FundParticipationRequester, MeetingForm, MeetingOrigin, MeetingStatus, MeetingType } from '../generated/enums';

/** Møde / samtale (MT-1). */
@Entity('meeting')
export class Meeting {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'citizen_id', type: 'uuid' }) citizenId!: string;
  @Column({ name: 'jobcenter_id', type: 'uuid' }) jobcenterId!: string;
  @Column({ type: 'text' }) type!: MeetingType;
  @Column({ type: 'text' }) origin!: MeetingOrigin;
  @Column({ type: 'text' }) form!: MeetingForm;
  @Column({ name: 'starts_at', type: 'timestamptz', transformer: instant }) startsAt!: Temporal.Instant;
  @Column({ name: 'ends_at', type: 'timestamptz', transformer: instant }) endsAt!: Temporal.Instant;
  /** SL-1/MT-7: a GROUP_THEN_INDIVIDUAL booking's group part starts here (the citizen is busy from then); null otherwise. */
  @Column({ name: 'group_starts_at', type: 'timestamptz', nullable: true, transformer: instant }) groupStartsAt!: Temporal.Instant | null;
  /** The meeting's day in Europe/Copenhagen (MT-2 constraint). */
  @Column({ name: 'local_day', type: 'date', transformer: plainDate }) localDay!: Temporal.PlainDate;
  @Column({ type: 'text' }) status!: MeetingStatus;
  @Column({ name: 'slot_id', type: 'uuid', nullable: true }) slotId!: string | null;
  @Column({ name: 'deadline_id', type: 'uuid', nullable: true }) deadlineId!: string | null;
  @Column({ name: 'short_notice', type: 'boolean', default: false }) shortNotice!: boolean;
  @Column({ name: 'delivered_in_person', type: 'boolean', default: false }) deliveredInPerson!: boolean;
  /** ST-3: a job interview held at once at the citizen's first contact (origin CALLED_IN, status HELD). */
  @Column({ name: 'first_contact', type: 'boolean', default: false }) firstContact!: boolean;
  @Column({ type: 'boolean', default: false }) sanctionable!: boolean;
  @Column({ type: 'text', nullable: true }) location!: string | null;
  @Column({ type: 'text', nullable: true }) caseworker!: string | null;
  @Column({ name: 'fund_opt_out', type: 'boolean', default: false }) fundOptOut!: boolean;
  @Column({ name: 'fund_opt_out_registered_by', type: 'text', nullable: true }) fundOptOutRegisteredBy!: string | null;
  @Column({ name: 'fund_opt_out_registered_at', type: 'timestamptz', nullable: true, transformer: instant }) fundOptOutRegisteredAt!: Temporal.Instant | null;
  @Column({ name: 'fund_participation', type: 'text', nullable: true }) fundParticipation!: FundParticipation | null;
  @Column({ name: 'fund_participation_form', type: 'text', nullable: true }) fundParticipationForm!: FundParticipationForm | null;
  @Column({ name: 'fund_participation_reason', type: 'text', nullable: true }) fundParticipationReason!: string | null;
  @Column({ name: 'citizen_requests_fund_in_person', type: 'boolean', default: false }) citizenRequestsFundInPerson!: boolean;
  /** JI-5: who asked that the a-kasse take part in this (first) joint interview, while the request stands. */
  @Column({ name: 'fund_requested_by', type: 'text', nullable: true }) fundRequestedBy!: FundParticipationRequester | null;
  @Column({ name: 'fund_request_recorded_by', type: 'text', nullable: true }) fundRequestRecordedBy!: string | null;
  @Column({ name: 'fund_request_recorded_at', type: 'timestamptz', nullable: true, transformer: instant }) fundRequestRecordedAt!: Temporal.Instant | null;
  @Column({ name: 'sixteen_month', type: 'boolean', default: false }) sixteenMonth!: boolean;
  @Column({ name: 'outcome_registered_at', type: 'timestamptz', nullable: true, transformer: instant }) outcomeRegisteredAt!: Temporal.Instant | null;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', transformer: instant }) createdAt!: Temporal.Instant;
}
