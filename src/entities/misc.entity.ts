import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { instant } from './transformers';

/** SL-5: a message in the citizen's Jobnet inbox. */
@Entity('citizen_message')
export class CitizenMessage {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'citizen_id', type: 'uuid' }) citizenId!: string;
  @Column({ type: 'timestamptz', transformer: instant }) at!: Temporal.Instant;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text' }) text!: string;
}

/** EV-1: the append-only event log (transactional outbox). */
@Entity('domain_event')
export class DomainEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq!: string;
  @Column({ type: 'uuid', insert: false, update: false }) id!: string;
  @Column({ name: 'occurred_at', type: 'timestamptz', transformer: instant }) occurredAt!: Temporal.Instant;
  @Column({ type: 'text' }) type!: string;
  @Column({ name: 'citizen_id', type: 'uuid', nullable: true }) citizenId!: string | null;
  @Column({ name: 'jobcenter_id', type: 'uuid', nullable: true }) jobcenterId!: string | null;
  @Column({ name: 'unemployment_fund_id', type: 'uuid', nullable: true }) unemploymentFundId!: string | null;
  @Column({ type: 'jsonb', default: {} }) payload!: Record<string, unknown>;
}

@Entity('idempotency_key')
export class IdempotencyKey {
  @PrimaryColumn({ type: 'text' }) actor!: string;
  @PrimaryColumn({ type: 'text' }) key!: string;
  @Column({ type: 'text' }) operation!: string;
  @Column({ name: 'request_hash', type: 'text' }) requestHash!: string;
  @Column({ type: 'jsonb' }) response!: unknown;
}
