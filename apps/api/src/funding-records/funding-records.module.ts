import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { AuditModule } from '../audit/audit.module';
import { DisbursementRequestsController, FundingNoticesController, PaymentsController, ReceiptsController } from './funding-records.controller';
import { FundingRecordsRepository } from './funding-records.repository';
import { FundingRecordsService } from './funding-records.service';

/** The records of a funding application after the decision: notice, disbursement requests, payments, receipts. */
@Module({
  imports: [AuditModule, ApplicationsModule],
  controllers: [FundingNoticesController, DisbursementRequestsController, PaymentsController, ReceiptsController],
  providers: [FundingRecordsRepository, FundingRecordsService],
})
export class FundingRecordsModule {}
