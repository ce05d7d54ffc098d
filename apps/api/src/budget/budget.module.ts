import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccountsController } from './accounts/accounts.controller';
import { AccountsRepository } from './accounts/accounts.repository';
import { AccountsService } from './accounts/accounts.service';
import { BudgetLinesController } from './budget-lines/budget-lines.controller';
import { BudgetLinesRepository } from './budget-lines/budget-lines.repository';
import { BudgetLinesService } from './budget-lines/budget-lines.service';
import { LedgerController } from './ledger/ledger.controller';
import { LedgerRepository } from './ledger/ledger.repository';
import { LedgerService } from './ledger/ledger.service';
import { BudgetProductsController } from './products/budget-products.controller';
import { BudgetProductsRepository } from './products/budget-products.repository';
import { BudgetProductsService } from './products/budget-products.service';

/** The budget: product tree, chart of accounts, budget lines and the append-only ledger. */
@Module({
  imports: [AuditModule],
  controllers: [BudgetProductsController, AccountsController, BudgetLinesController, LedgerController],
  providers: [
    BudgetProductsRepository,
    BudgetProductsService,
    AccountsRepository,
    AccountsService,
    BudgetLinesRepository,
    BudgetLinesService,
    LedgerRepository,
    LedgerService,
  ],
})
export class BudgetModule {}
