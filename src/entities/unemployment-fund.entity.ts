import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('unemployment_fund')
export class UnemploymentFund {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) name!: string;
}
