import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** A reminder for the caller: delivered to them as a notification on the due date. */
export class CreateReminderDto {
  @ApiProperty({ example: 'Zwischennachweis 2025 fällig' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  subject!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  body?: string;

  @ApiProperty({ example: '2026-04-30', description: 'calendar date YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'dueOn must be a valid calendar date' })
  dueOn!: string;
}

export class ReminderDto {
  @ApiProperty() id!: string;
  @ApiProperty() workflowId!: string;
  @ApiProperty({ enum: ['scheduled', 'delivered', 'cancelled'] }) status!: string;
  @ApiProperty() dueOn!: string;
  @ApiPropertyOptional() deliveredAt?: string;
}
