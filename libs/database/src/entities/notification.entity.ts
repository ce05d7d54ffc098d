import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A reminder or escalation delivered to a person. Written by workflow activities; the
 * dedup key (e.g. the workflow id plus the reminder's purpose) makes a retried activity
 * write it only once.
 */
@Entity({ name: 'notification' })
@Index('notification_recipient_idx', ['recipient', 'createdAt'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The tenant of the recipient; null for notifications outside any tenant. */
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId!: string | null;

  @Column({ name: 'dedup_key', type: 'text', unique: true })
  dedupKey!: string;

  @Column({ type: 'text' })
  recipient!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text', default: '' })
  body!: string;

  /** The nominal date the notification is about (a deadline, a due date). */
  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
