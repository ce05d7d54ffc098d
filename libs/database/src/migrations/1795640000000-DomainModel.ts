import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The domain model: tenants, funders and programmes, applications and their money, staff
 * positions, tariff reference data, budget and an append-only ledger, council papers, generated
 * documents and request idempotency.
 *
 * Conventions (the entities in entities/** say the same; test/migrations.int.spec.ts checks it):
 *  - ids are uuid DEFAULT gen_random_uuid(); the ledger's id is a bigint identity;
 *  - every tenant-owned table has organisation_id NOT NULL → organisation, an index starting with
 *    it, UNIQUE (organisation_id, id) ("<table>_tenant_key") when referenced, and references to
 *    other tenant rows go through (organisation_id, <x>_id), so no row can point into another
 *    tenant's data;
 *  - money is bigint cents; dates without time are date; codes are text with a CHECK;
 *  - rows people edit carry version (optimistic lock), created_at and updated_at.
 *
 * Self-contained on purpose: the SQL spells every value list out instead of importing the
 * entities' constants, so this migration means the same thing forever.
 */
export class DomainModel1795640000000 implements MigrationInterface {
  name = 'DomainModel1795640000000';

  async up(q: QueryRunner): Promise<void> {
    // ------------------------------------------------------------------ tenants and their structure
    await q.query(`
      CREATE TABLE "organisation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "kind" text NOT NULL,
        "land_code" text NOT NULL,
        "slug" text NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "organisation_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "organisation_slug_key" UNIQUE ("slug"),
        CONSTRAINT "organisation_kind_check" CHECK ("kind" IN ('county', 'city')),
        CONSTRAINT "organisation_land_code_check" CHECK ("land_code" IN
          ('BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH')),
        CONSTRAINT "organisation_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
      )`);

    await q.query(`
      CREATE TABLE "department" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "name" text NOT NULL,
        "short_name" text,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "department_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "department_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "department_organisation_id_name_key" UNIQUE ("organisation_id", "name"),
        CONSTRAINT "department_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT
      )`);

    await q.query(`
      CREATE TABLE "municipality" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "name" text NOT NULL,
        "kind" text NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "municipality_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "municipality_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "municipality_organisation_id_name_key" UNIQUE ("organisation_id", "name"),
        CONSTRAINT "municipality_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "municipality_kind_check" CHECK ("kind" IN ('city', 'municipality'))
      )`);

    await q.query(`
      CREATE TABLE "committee" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "name" text NOT NULL,
        "short_name" text,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "committee_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "committee_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "committee_organisation_id_name_key" UNIQUE ("organisation_id", "name"),
        CONSTRAINT "committee_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT
      )`);

    await q.query(`
      CREATE TABLE "committee_session" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "committee_id" uuid NOT NULL,
        "session_date" date NOT NULL,
        "public" boolean NOT NULL DEFAULT true,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "committee_session_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "committee_session_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "committee_session_committee_id_session_date_key"
          UNIQUE ("organisation_id", "committee_id", "session_date"),
        CONSTRAINT "committee_session_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "committee_session_committee_id_fkey" FOREIGN KEY ("organisation_id", "committee_id")
          REFERENCES "committee" ("organisation_id", "id") ON DELETE RESTRICT
      )`);

    await q.query(`
      CREATE TABLE "app_user" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "subject" text NOT NULL,
        "display_name" text NOT NULL,
        "email" text,
        "roles" text[] NOT NULL DEFAULT '{}',
        "active" boolean NOT NULL DEFAULT true,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "app_user_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "app_user_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "app_user_organisation_id_subject_key" UNIQUE ("organisation_id", "subject"),
        CONSTRAINT "app_user_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "app_user_roles_check" CHECK ("roles" <@
          ARRAY['youth_office', 'department_head', 'finance', 'council_office', 'auditor', 'admin']::text[])
      )`);

    // ------------------------------------------------------------------ tariff reference data (not tenant-owned)
    // Rows are valid from the 1st of a month through the last day of a month, or open-ended.
    await q.query(`
      CREATE TABLE "pay_table_row" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "pay_scale" text NOT NULL,
        "pay_group" text NOT NULL,
        "stage" integer NOT NULL,
        "valid_from" date NOT NULL,
        "valid_to" date,
        "amount_cents" bigint NOT NULL,
        "computed" boolean NOT NULL DEFAULT false,
        "note" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pay_table_row_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "pay_table_row_pay_scale_pay_group_stage_valid_from_key"
          UNIQUE ("pay_scale", "pay_group", "stage", "valid_from"),
        CONSTRAINT "pay_table_row_stage_check" CHECK ("stage" BETWEEN 1 AND 6),
        CONSTRAINT "pay_table_row_amount_cents_check" CHECK ("amount_cents" >= 0),
        CONSTRAINT "pay_table_row_validity_check" CHECK (EXTRACT(DAY FROM "valid_from") = 1
          AND ("valid_to" IS NULL OR ("valid_to" >= "valid_from" AND EXTRACT(DAY FROM "valid_to" + 1) = 1)))
      )`);

    await q.query(`
      CREATE TABLE "allowance_rate" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "code" text NOT NULL,
        "name" text NOT NULL,
        "pay_groups" text[] NOT NULL,
        "amount_cents" bigint NOT NULL,
        "pro_rata_part_time" boolean NOT NULL,
        "pro_rata_partial_month" boolean NOT NULL,
        "in_bonus_base" boolean NOT NULL,
        "in_on_cost_base" boolean NOT NULL,
        "valid_from" date NOT NULL,
        "valid_to" date,
        "assumed" boolean NOT NULL DEFAULT false,
        "note" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "allowance_rate_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "allowance_rate_code_valid_from_pay_groups_key" UNIQUE ("code", "valid_from", "pay_groups"),
        CONSTRAINT "allowance_rate_code_check" CHECK ("code" ~ '^[A-Z][A-Z0-9_]*$'),
        CONSTRAINT "allowance_rate_pay_groups_check" CHECK (cardinality("pay_groups") > 0),
        CONSTRAINT "allowance_rate_amount_cents_check" CHECK ("amount_cents" >= 0),
        CONSTRAINT "allowance_rate_validity_check" CHECK (EXTRACT(DAY FROM "valid_from") = 1
          AND ("valid_to" IS NULL OR ("valid_to" >= "valid_from" AND EXTRACT(DAY FROM "valid_to" + 1) = 1)))
      )`);

    await q.query(`
      CREATE TABLE "bonus_band" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "band" text NOT NULL,
        "pay_groups" text[] NOT NULL,
        "inferred" boolean NOT NULL DEFAULT false,
        "note" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "bonus_band_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "bonus_band_band_key" UNIQUE ("band")
      )`);

    // Rates in percent as exact decimals: on-cost rates need three decimals (½ × 2.45 % = 1.225 %).
    await q.query(`
      CREATE TABLE "bonus_rate" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "band" text NOT NULL,
        "rate_percent" numeric(7,4) NOT NULL,
        "valid_from" date NOT NULL,
        "valid_to" date,
        "note" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "bonus_rate_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "bonus_rate_band_valid_from_key" UNIQUE ("band", "valid_from"),
        CONSTRAINT "bonus_rate_band_fkey" FOREIGN KEY ("band") REFERENCES "bonus_band" ("band") ON DELETE RESTRICT,
        CONSTRAINT "bonus_rate_rate_percent_check" CHECK ("rate_percent" BETWEEN 0 AND 100),
        CONSTRAINT "bonus_rate_validity_check" CHECK (EXTRACT(DAY FROM "valid_from") = 1
          AND ("valid_to" IS NULL OR ("valid_to" >= "valid_from" AND EXTRACT(DAY FROM "valid_to" + 1) = 1)))
      )`);

    await q.query(`
      CREATE TABLE "on_cost_rate" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "component" text NOT NULL,
        "name" text NOT NULL,
        "rate_percent" numeric(7,4) NOT NULL,
        "valid_from" date NOT NULL,
        "valid_to" date,
        "assumed" boolean NOT NULL DEFAULT false,
        "basis" text,
        "note" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "on_cost_rate_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "on_cost_rate_component_valid_from_key" UNIQUE ("component", "valid_from"),
        CONSTRAINT "on_cost_rate_component_check" CHECK ("component" ~ '^[A-Z][A-Z0-9_]*$'),
        CONSTRAINT "on_cost_rate_rate_percent_check" CHECK ("rate_percent" BETWEEN 0 AND 100),
        CONSTRAINT "on_cost_rate_validity_check" CHECK (EXTRACT(DAY FROM "valid_from") = 1
          AND ("valid_to" IS NULL OR ("valid_to" >= "valid_from" AND EXTRACT(DAY FROM "valid_to" + 1) = 1)))
      )`);

    // ------------------------------------------------------------------ budget: product tree, accounts, plan
    await q.query(`
      CREATE TABLE "budget_product" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "parent_id" uuid,
        "number" text NOT NULL,
        "name" text NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "budget_product_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "budget_product_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "budget_product_organisation_id_number_key" UNIQUE ("organisation_id", "number"),
        CONSTRAINT "budget_product_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "budget_product_parent_id_fkey" FOREIGN KEY ("organisation_id", "parent_id")
          REFERENCES "budget_product" ("organisation_id", "id") ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX "budget_product_organisation_id_parent_id_idx" ON "budget_product" ("organisation_id", "parent_id")`);

    await q.query(`
      CREATE TABLE "account" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "number" text NOT NULL,
        "name" text NOT NULL,
        "kind" text NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "account_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "account_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "account_organisation_id_number_key" UNIQUE ("organisation_id", "number"),
        CONSTRAINT "account_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "account_kind_check" CHECK ("kind" IN ('expense', 'revenue')),
        CONSTRAINT "account_number_check" CHECK ("number" ~ '^[0-9]+$')
      )`);

    await q.query(`
      CREATE TABLE "budget_line" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "product_id" uuid NOT NULL,
        "account_id" uuid NOT NULL,
        "fiscal_year" integer NOT NULL,
        "planned_cents" bigint NOT NULL DEFAULT 0,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "budget_line_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "budget_line_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "budget_line_product_id_account_id_fiscal_year_key"
          UNIQUE ("organisation_id", "product_id", "account_id", "fiscal_year"),
        CONSTRAINT "budget_line_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "budget_line_product_id_fkey" FOREIGN KEY ("organisation_id", "product_id")
          REFERENCES "budget_product" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "budget_line_account_id_fkey" FOREIGN KEY ("organisation_id", "account_id")
          REFERENCES "account" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "budget_line_fiscal_year_check" CHECK ("fiscal_year" BETWEEN 2000 AND 2100)
      )`);
    await q.query(`CREATE INDEX "budget_line_organisation_id_account_id_idx" ON "budget_line" ("organisation_id", "account_id")`);

    // ------------------------------------------------------------------ funders and programmes
    await q.query(`
      CREATE TABLE "funder" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "name" text NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "funder_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "funder_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "funder_organisation_id_name_key" UNIQUE ("organisation_id", "name"),
        CONSTRAINT "funder_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "funder_kind_check" CHECK ("kind" IN ('land', 'foundation', 'health_insurers', 'federal', 'other'))
      )`);

    await q.query(`
      CREATE TABLE "funding_programme" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "funder_id" uuid NOT NULL,
        "name" text NOT NULL,
        "legal_basis" text NOT NULL,
        "anbest_variant" text,
        "financing_type" text NOT NULL,
        "rate_bp" integer,
        "cap_cents" bigint,
        "degressive_shares" jsonb NOT NULL DEFAULT '[]',
        "pass_on_allowed" boolean NOT NULL DEFAULT false,
        "interim_report_due" text NOT NULL DEFAULT '04-30',
        "interim_report_waiver" text NOT NULL DEFAULT 'none',
        "proof_of_use_months" integer NOT NULL DEFAULT 6,
        "disbursement_window_unit" text NOT NULL DEFAULT 'months',
        "disbursement_window_length" integer NOT NULL DEFAULT 2,
        "min_period_months" integer,
        "max_period_months" integer,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "funding_programme_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "funding_programme_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "funding_programme_organisation_id_name_key" UNIQUE ("organisation_id", "name"),
        CONSTRAINT "funding_programme_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "funding_programme_funder_id_fkey" FOREIGN KEY ("organisation_id", "funder_id")
          REFERENCES "funder" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "funding_programme_legal_basis_check" CHECK ("legal_basis" IN ('land_grant', 'private_contract')),
        CONSTRAINT "funding_programme_anbest_variant_check" CHECK ("anbest_variant" IS NULL OR "anbest_variant" IN ('P', 'G', 'K')),
        CONSTRAINT "funding_programme_financing_type_check" CHECK ("financing_type" IN ('share', 'deficit', 'fixed', 'full')),
        CONSTRAINT "funding_programme_rate_bp_check" CHECK ("rate_bp" IS NULL OR "rate_bp" BETWEEN 0 AND 10000),
        CONSTRAINT "funding_programme_cap_cents_check" CHECK ("cap_cents" IS NULL OR "cap_cents" >= 0),
        CONSTRAINT "funding_programme_degressive_shares_check" CHECK (jsonb_typeof("degressive_shares") = 'array'),
        CONSTRAINT "funding_programme_interim_report_due_check"
          CHECK ("interim_report_due" ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
        CONSTRAINT "funding_programme_interim_report_waiver_check"
          CHECK ("interim_report_waiver" IN ('none', 'last_when_period_ends_before_due', 'all')),
        CONSTRAINT "funding_programme_proof_of_use_months_check" CHECK ("proof_of_use_months" BETWEEN 0 AND 60),
        CONSTRAINT "funding_programme_disbursement_window_unit_check" CHECK ("disbursement_window_unit" IN ('months', 'weeks')),
        CONSTRAINT "funding_programme_disbursement_window_length_check" CHECK ("disbursement_window_length" > 0),
        CONSTRAINT "funding_programme_period_months_check" CHECK (("min_period_months" IS NULL OR "min_period_months" > 0)
          AND ("max_period_months" IS NULL OR "max_period_months" >= COALESCE("min_period_months", 1)))
      )`);
    await q.query(`CREATE INDEX "funding_programme_organisation_id_funder_id_idx" ON "funding_programme" ("organisation_id", "funder_id")`);

    // ------------------------------------------------------------------ applications and their plans
    await q.query(`
      CREATE TABLE "funding_application" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "programme_id" uuid NOT NULL,
        "lead_department_id" uuid NOT NULL,
        "title" text NOT NULL,
        "description" text NOT NULL DEFAULT '',
        "period_start" date NOT NULL,
        "period_end" date NOT NULL,
        "status" text NOT NULL DEFAULT 'draft',
        "current_revision" integer NOT NULL DEFAULT 1,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "funding_application_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "funding_application_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "funding_application_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "funding_application_programme_id_fkey" FOREIGN KEY ("organisation_id", "programme_id")
          REFERENCES "funding_programme" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "funding_application_lead_department_id_fkey" FOREIGN KEY ("organisation_id", "lead_department_id")
          REFERENCES "department" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "funding_application_status_check" CHECK ("status" IN ('draft', 'internal_review',
          'council_consultation', 'submitted', 'approved', 'partly_approved', 'rejected', 'disbursing', 'reporting',
          'proof_of_use_due', 'proof_submitted', 'checked', 'closed', 'repayment', 'withdrawn')),
        CONSTRAINT "funding_application_period_check" CHECK ("period_end" >= "period_start"),
        CONSTRAINT "funding_application_current_revision_check" CHECK ("current_revision" >= 1)
      )`);
    await q.query(`CREATE INDEX "funding_application_organisation_id_status_idx" ON "funding_application" ("organisation_id", "status")`);
    await q.query(`CREATE INDEX "funding_application_organisation_id_programme_id_idx" ON "funding_application" ("organisation_id", "programme_id")`);
    await q.query(`CREATE INDEX "funding_application_organisation_id_lead_department_id_idx" ON "funding_application" ("organisation_id", "lead_department_id")`);

    await q.query(`
      CREATE TABLE "application_revision" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "application_id" uuid NOT NULL,
        "revision_no" integer NOT NULL,
        "reason" text NOT NULL DEFAULT '',
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "application_revision_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "application_revision_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "application_revision_application_id_revision_no_key"
          UNIQUE ("organisation_id", "application_id", "revision_no"),
        CONSTRAINT "application_revision_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "application_revision_application_id_fkey" FOREIGN KEY ("organisation_id", "application_id")
          REFERENCES "funding_application" ("organisation_id", "id") ON DELETE CASCADE,
        CONSTRAINT "application_revision_revision_no_check" CHECK ("revision_no" >= 1)
      )`);

    await q.query(`
      CREATE TABLE "cost_plan_line" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "revision_id" uuid NOT NULL,
        "line_no" integer NOT NULL,
        "category" text NOT NULL,
        "label" text NOT NULL,
        "fiscal_year" integer,
        "amount_cents" bigint NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "cost_plan_line_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "cost_plan_line_revision_id_line_no_key" UNIQUE ("organisation_id", "revision_id", "line_no"),
        CONSTRAINT "cost_plan_line_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "cost_plan_line_revision_id_fkey" FOREIGN KEY ("organisation_id", "revision_id")
          REFERENCES "application_revision" ("organisation_id", "id") ON DELETE CASCADE,
        CONSTRAINT "cost_plan_line_category_check" CHECK ("category" IN ('personnel', 'material', 'other')),
        CONSTRAINT "cost_plan_line_fiscal_year_check" CHECK ("fiscal_year" IS NULL OR "fiscal_year" BETWEEN 2000 AND 2100),
        CONSTRAINT "cost_plan_line_amount_cents_check" CHECK ("amount_cents" >= 0),
        CONSTRAINT "cost_plan_line_line_no_check" CHECK ("line_no" >= 1)
      )`);

    await q.query(`
      CREATE TABLE "financing_plan_line" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "revision_id" uuid NOT NULL,
        "line_no" integer NOT NULL,
        "source" text NOT NULL,
        "label" text NOT NULL,
        "amount_cents" bigint NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "financing_plan_line_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "financing_plan_line_revision_id_line_no_key" UNIQUE ("organisation_id", "revision_id", "line_no"),
        CONSTRAINT "financing_plan_line_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "financing_plan_line_revision_id_fkey" FOREIGN KEY ("organisation_id", "revision_id")
          REFERENCES "application_revision" ("organisation_id", "id") ON DELETE CASCADE,
        CONSTRAINT "financing_plan_line_source_check" CHECK ("source" IN ('own', 'funder', 'third_party')),
        CONSTRAINT "financing_plan_line_amount_cents_check" CHECK ("amount_cents" >= 0),
        CONSTRAINT "financing_plan_line_line_no_check" CHECK ("line_no" >= 1)
      )`);

    // ------------------------------------------------------------------ notice, disbursements, payments, receipts
    await q.query(`
      CREATE TABLE "funding_notice" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "application_id" uuid NOT NULL,
        "decision" text NOT NULL,
        "approved_cents" bigint NOT NULL,
        "period_start" date,
        "period_end" date,
        "financing_type" text,
        "rate_bp" integer,
        "conditions" text NOT NULL DEFAULT '',
        "issued_on" date NOT NULL,
        "file_number" text,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "funding_notice_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "funding_notice_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "funding_notice_application_id_key" UNIQUE ("organisation_id", "application_id"),
        CONSTRAINT "funding_notice_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "funding_notice_application_id_fkey" FOREIGN KEY ("organisation_id", "application_id")
          REFERENCES "funding_application" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "funding_notice_decision_check" CHECK ("decision" IN ('approved', 'partly_approved', 'rejected')),
        CONSTRAINT "funding_notice_approved_cents_check"
          CHECK ("approved_cents" >= 0 AND ("decision" <> 'rejected' OR "approved_cents" = 0)),
        CONSTRAINT "funding_notice_period_check" CHECK (("period_start" IS NULL AND "period_end" IS NULL
          AND "decision" = 'rejected') OR "period_end" >= "period_start"),
        CONSTRAINT "funding_notice_financing_type_check"
          CHECK ("financing_type" IS NULL OR "financing_type" IN ('share', 'deficit', 'fixed', 'full')),
        CONSTRAINT "funding_notice_rate_bp_check" CHECK ("rate_bp" IS NULL OR "rate_bp" BETWEEN 0 AND 10000)
      )`);

    await q.query(`
      CREATE TABLE "disbursement_request" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "application_id" uuid NOT NULL,
        "sequence_no" integer NOT NULL,
        "requested_on" date NOT NULL,
        "payout_date" date NOT NULL,
        "amount_cents" bigint NOT NULL,
        "covers_from" date NOT NULL,
        "covers_to" date NOT NULL,
        "status" text NOT NULL DEFAULT 'draft',
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "disbursement_request_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "disbursement_request_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "disbursement_request_application_id_sequence_no_key"
          UNIQUE ("organisation_id", "application_id", "sequence_no"),
        CONSTRAINT "disbursement_request_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "disbursement_request_application_id_fkey" FOREIGN KEY ("organisation_id", "application_id")
          REFERENCES "funding_application" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "disbursement_request_status_check" CHECK ("status" IN ('draft', 'sent', 'paid', 'cancelled')),
        CONSTRAINT "disbursement_request_sequence_no_check" CHECK ("sequence_no" >= 1),
        CONSTRAINT "disbursement_request_amount_cents_check" CHECK ("amount_cents" > 0),
        CONSTRAINT "disbursement_request_covers_check" CHECK ("covers_to" >= "covers_from")
      )`);

    await q.query(`
      CREATE TABLE "payment_received" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "application_id" uuid NOT NULL,
        "disbursement_request_id" uuid,
        "received_on" date NOT NULL,
        "amount_cents" bigint NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "payment_received_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "payment_received_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "payment_received_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "payment_received_application_id_fkey" FOREIGN KEY ("organisation_id", "application_id")
          REFERENCES "funding_application" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "payment_received_disbursement_request_id_fkey" FOREIGN KEY ("organisation_id", "disbursement_request_id")
          REFERENCES "disbursement_request" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "payment_received_amount_cents_check" CHECK ("amount_cents" > 0)
      )`);
    await q.query(`CREATE INDEX "payment_received_organisation_id_application_id_idx" ON "payment_received" ("organisation_id", "application_id", "received_on")`);
    await q.query(`CREATE INDEX "payment_received_organisation_id_disbursement_request_id_idx" ON "payment_received" ("organisation_id", "disbursement_request_id")`);

    await q.query(`
      CREATE TABLE "receipt" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "application_id" uuid NOT NULL,
        "sequence_no" integer NOT NULL,
        "receipt_date" date NOT NULL,
        "payee" text NOT NULL,
        "reason" text NOT NULL,
        "amount_cents" bigint NOT NULL,
        "cost_category" text NOT NULL,
        "cost_plan_label" text NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "receipt_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "receipt_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "receipt_application_id_sequence_no_key" UNIQUE ("organisation_id", "application_id", "sequence_no"),
        CONSTRAINT "receipt_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "receipt_application_id_fkey" FOREIGN KEY ("organisation_id", "application_id")
          REFERENCES "funding_application" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "receipt_sequence_no_check" CHECK ("sequence_no" >= 1),
        CONSTRAINT "receipt_amount_cents_check" CHECK ("amount_cents" <> 0),
        CONSTRAINT "receipt_cost_category_check" CHECK ("cost_category" IN ('personnel', 'material', 'other'))
      )`);

    // ------------------------------------------------------------------ programme milestones
    await q.query(`
      CREATE TABLE "programme_milestone" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "application_id" uuid NOT NULL,
        "title" text NOT NULL,
        "due_on" date NOT NULL,
        "owner_id" uuid,
        "status" text NOT NULL DEFAULT 'open',
        "evidence" text,
        "done_on" date,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "programme_milestone_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "programme_milestone_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "programme_milestone_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "programme_milestone_application_id_fkey" FOREIGN KEY ("organisation_id", "application_id")
          REFERENCES "funding_application" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "programme_milestone_owner_id_fkey" FOREIGN KEY ("organisation_id", "owner_id")
          REFERENCES "app_user" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "programme_milestone_status_check" CHECK ("status" IN ('open', 'done', 'overdue', 'cancelled')),
        CONSTRAINT "programme_milestone_done_on_check" CHECK (("status" = 'done') = ("done_on" IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX "programme_milestone_organisation_id_application_id_idx" ON "programme_milestone" ("organisation_id", "application_id", "due_on")`);
    await q.query(`CREATE INDEX "programme_milestone_organisation_id_owner_id_idx" ON "programme_milestone" ("organisation_id", "owner_id")`);

    // ------------------------------------------------------------------ staff positions
    await q.query(`
      CREATE TABLE "staff_position" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "application_id" uuid,
        "title" text NOT NULL,
        "pay_scale" text NOT NULL,
        "pay_group" text NOT NULL,
        "case_group" text,
        "weekly_hours" numeric(5,2) NOT NULL,
        "full_time_hours" numeric(5,2) NOT NULL DEFAULT 39,
        "start_on" date NOT NULL,
        "end_on" date,
        "funded_share_bp" integer,
        "budget_product_id" uuid,
        "pay_account_id" uuid,
        "reimbursement_account_id" uuid,
        "account_overrides" jsonb NOT NULL DEFAULT '{}',
        "status" text NOT NULL DEFAULT 'planned',
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "staff_position_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "staff_position_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "staff_position_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "staff_position_application_id_fkey" FOREIGN KEY ("organisation_id", "application_id")
          REFERENCES "funding_application" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "staff_position_budget_product_id_fkey" FOREIGN KEY ("organisation_id", "budget_product_id")
          REFERENCES "budget_product" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "staff_position_pay_account_id_fkey" FOREIGN KEY ("organisation_id", "pay_account_id")
          REFERENCES "account" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "staff_position_reimbursement_account_id_fkey" FOREIGN KEY ("organisation_id", "reimbursement_account_id")
          REFERENCES "account" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "staff_position_status_check" CHECK ("status" IN ('planned', 'advertised', 'filled', 'vacant', 'ended')),
        CONSTRAINT "staff_position_hours_check"
          CHECK ("weekly_hours" > 0 AND "full_time_hours" > 0 AND "weekly_hours" <= "full_time_hours"),
        CONSTRAINT "staff_position_period_check" CHECK ("end_on" IS NULL OR "end_on" >= "start_on"),
        CONSTRAINT "staff_position_funded_share_bp_check"
          CHECK ("funded_share_bp" IS NULL OR "funded_share_bp" BETWEEN 0 AND 10000),
        CONSTRAINT "staff_position_account_overrides_check" CHECK (jsonb_typeof("account_overrides") = 'object')
      )`);
    await q.query(`CREATE INDEX "staff_position_organisation_id_application_id_idx" ON "staff_position" ("organisation_id", "application_id")`);
    await q.query(`CREATE INDEX "staff_position_organisation_id_budget_product_id_idx" ON "staff_position" ("organisation_id", "budget_product_id")`);
    await q.query(`CREATE INDEX "staff_position_organisation_id_pay_account_id_idx" ON "staff_position" ("organisation_id", "pay_account_id")`);
    await q.query(`CREATE INDEX "staff_position_organisation_id_reimbursement_account_id_idx" ON "staff_position" ("organisation_id", "reimbursement_account_id")`);

    await q.query(`
      CREATE TABLE "position_stage" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "position_id" uuid NOT NULL,
        "valid_from" date NOT NULL,
        "stage" integer NOT NULL,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "position_stage_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "position_stage_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "position_stage_position_id_valid_from_key" UNIQUE ("organisation_id", "position_id", "valid_from"),
        CONSTRAINT "position_stage_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "position_stage_position_id_fkey" FOREIGN KEY ("organisation_id", "position_id")
          REFERENCES "staff_position" ("organisation_id", "id") ON DELETE CASCADE,
        CONSTRAINT "position_stage_stage_check" CHECK ("stage" BETWEEN 1 AND 6)
      )`);

    await q.query(`
      CREATE TABLE "position_allowance" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "position_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "name" text,
        "amount_cents" bigint,
        "valid_from" date,
        "valid_to" date,
        "pro_rata_part_time" boolean,
        "pro_rata_partial_month" boolean,
        "in_bonus_base" boolean,
        "in_on_cost_base" boolean,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "position_allowance_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "position_allowance_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "position_allowance_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "position_allowance_position_id_fkey" FOREIGN KEY ("organisation_id", "position_id")
          REFERENCES "staff_position" ("organisation_id", "id") ON DELETE CASCADE,
        CONSTRAINT "position_allowance_kind_check" CHECK ("kind" ~ '^[A-Z][A-Z0-9_]*$'),
        CONSTRAINT "position_allowance_amount_cents_check" CHECK ("amount_cents" IS NULL OR "amount_cents" >= 0),
        CONSTRAINT "position_allowance_flags_check" CHECK ("amount_cents" IS NULL OR ("pro_rata_part_time" IS NOT NULL
          AND "pro_rata_partial_month" IS NOT NULL AND "in_bonus_base" IS NOT NULL AND "in_on_cost_base" IS NOT NULL)),
        CONSTRAINT "position_allowance_validity_check"
          CHECK ("valid_to" IS NULL OR "valid_from" IS NULL OR "valid_to" >= "valid_from")
      )`);
    await q.query(`CREATE INDEX "position_allowance_organisation_id_position_id_idx" ON "position_allowance" ("organisation_id", "position_id")`);

    await q.query(`
      CREATE TABLE "position_holder" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "position_id" uuid NOT NULL,
        "holder_name" text NOT NULL,
        "valid_from" date NOT NULL,
        "valid_to" date,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "position_holder_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "position_holder_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "position_holder_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "position_holder_position_id_fkey" FOREIGN KEY ("organisation_id", "position_id")
          REFERENCES "staff_position" ("organisation_id", "id") ON DELETE CASCADE,
        CONSTRAINT "position_holder_validity_check" CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from")
      )`);
    await q.query(`CREATE INDEX "position_holder_organisation_id_position_id_idx" ON "position_holder" ("organisation_id", "position_id", "valid_from")`);

    await q.query(`
      CREATE TABLE "position_change" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "position_id" uuid NOT NULL,
        "sequence_no" integer NOT NULL,
        "kind" text NOT NULL,
        "effective_on" date NOT NULL,
        "payload" jsonb NOT NULL DEFAULT '{}',
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "position_change_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "position_change_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "position_change_position_id_sequence_no_key" UNIQUE ("organisation_id", "position_id", "sequence_no"),
        CONSTRAINT "position_change_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "position_change_position_id_fkey" FOREIGN KEY ("organisation_id", "position_id")
          REFERENCES "staff_position" ("organisation_id", "id") ON DELETE CASCADE,
        CONSTRAINT "position_change_kind_check" CHECK ("kind" IN ('hours', 'stage', 'early_end', 'extension')),
        CONSTRAINT "position_change_sequence_no_check" CHECK ("sequence_no" >= 1),
        CONSTRAINT "position_change_payload_check" CHECK (jsonb_typeof("payload") = 'object')
      )`);

    // ------------------------------------------------------------------ ledger: append-only
    await q.query(`
      CREATE TABLE "ledger_entry" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "organisation_id" uuid NOT NULL,
        "budget_line_id" uuid NOT NULL,
        "booked_on" date NOT NULL,
        "kind" text NOT NULL,
        "amount_cents" bigint NOT NULL,
        "text" text NOT NULL,
        "reference" text,
        "reverses_id" bigint,
        "dedup_key" text NOT NULL,
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "ledger_entry_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "ledger_entry_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "ledger_entry_dedup_key_key" UNIQUE ("dedup_key"),
        CONSTRAINT "ledger_entry_reverses_id_key" UNIQUE ("reverses_id"),
        CONSTRAINT "ledger_entry_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "ledger_entry_budget_line_id_fkey" FOREIGN KEY ("organisation_id", "budget_line_id")
          REFERENCES "budget_line" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "ledger_entry_reverses_id_fkey" FOREIGN KEY ("organisation_id", "reverses_id")
          REFERENCES "ledger_entry" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "ledger_entry_kind_check" CHECK ("kind" IN ('commitment', 'actual', 'reimbursement'))
      )`);
    await q.query(`CREATE INDEX "ledger_entry_organisation_id_budget_line_id_idx" ON "ledger_entry" ("organisation_id", "budget_line_id", "booked_on")`);
    await q.query(`CREATE INDEX "ledger_entry_organisation_id_reference_idx" ON "ledger_entry" ("organisation_id", "reference")`);

    // Entries are never changed: forbid_change() (Foundation) refuses UPDATE, DELETE and TRUNCATE.
    await q.query(`CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON "ledger_entry"
                   FOR EACH ROW EXECUTE FUNCTION forbid_change()`);
    await q.query(`CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON "ledger_entry"
                   FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);

    // A reversal negates exactly one entry: same budget line and kind, the negated amount.
    // (Same tenant: the composite foreign key; at most once: UNIQUE (reverses_id).)
    await q.query(`
      CREATE FUNCTION ledger_entry_check_reversal() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        original ledger_entry%ROWTYPE;
      BEGIN
        SELECT * INTO original FROM ledger_entry
         WHERE id = NEW.reverses_id AND organisation_id = NEW.organisation_id;
        IF NOT FOUND THEN
          RETURN NEW; -- the foreign key reports it (missing, or another tenant's)
        END IF;
        IF NEW.budget_line_id <> original.budget_line_id
           OR NEW.kind <> original.kind
           OR NEW.amount_cents <> -original.amount_cents THEN
          RAISE EXCEPTION 'ledger entry % reverses entry % but does not negate it: a reversal needs amount %, budget line % and kind %',
              NEW.id, original.id, -original.amount_cents, original.budget_line_id, original.kind
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER ledger_entry_reversal_check BEFORE INSERT ON "ledger_entry"
                   FOR EACH ROW WHEN (NEW.reverses_id IS NOT NULL) EXECUTE FUNCTION ledger_entry_check_reversal()`);

    // ------------------------------------------------------------------ council papers and their Beratungsfolge
    await q.query(`
      CREATE TABLE "council_paper" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "application_id" uuid,
        "number" text NOT NULL,
        "paper_type" text NOT NULL,
        "public" boolean NOT NULL DEFAULT true,
        "paper_date" date NOT NULL,
        "lead_department_id" uuid NOT NULL,
        "participating_department_ids" uuid[] NOT NULL DEFAULT '{}',
        "costs_in_budget" boolean,
        "cost_cents" bigint,
        "county_executive_involved" boolean NOT NULL DEFAULT false,
        "qualified_majority" boolean NOT NULL DEFAULT false,
        "relevance_gender_mainstreaming" boolean NOT NULL DEFAULT false,
        "relevance_migration" boolean NOT NULL DEFAULT false,
        "relevance_prevention_sustainability" boolean NOT NULL DEFAULT false,
        "relevance_education" boolean NOT NULL DEFAULT false,
        "relevance_climate" boolean NOT NULL DEFAULT false,
        "title" text NOT NULL,
        "sections" jsonb NOT NULL DEFAULT '{}',
        "related_paper_numbers" text[] NOT NULL DEFAULT '{}',
        "attachments" jsonb NOT NULL DEFAULT '[]',
        "status" text NOT NULL DEFAULT 'draft',
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "council_paper_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "council_paper_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "council_paper_organisation_id_number_key" UNIQUE ("organisation_id", "number"),
        CONSTRAINT "council_paper_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "council_paper_application_id_fkey" FOREIGN KEY ("organisation_id", "application_id")
          REFERENCES "funding_application" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "council_paper_lead_department_id_fkey" FOREIGN KEY ("organisation_id", "lead_department_id")
          REFERENCES "department" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "council_paper_number_check" CHECK ("number" ~ '^[0-9]{4}/[0-9]+$'),
        CONSTRAINT "council_paper_paper_type_check" CHECK ("paper_type" IN ('information', 'decision')),
        CONSTRAINT "council_paper_status_check" CHECK ("status" IN ('draft', 'released', 'archived')),
        CONSTRAINT "council_paper_cost_cents_check" CHECK ("cost_cents" IS NULL OR "cost_cents" >= 0),
        CONSTRAINT "council_paper_sections_check" CHECK (jsonb_typeof("sections") = 'object' AND ("status" = 'draft'
          OR ("sections" ?& ARRAY['description', 'goals', 'resources', 'conclusion']
              AND ("paper_type" <> 'decision' OR "sections" ? 'decisionProposal')))),
        CONSTRAINT "council_paper_attachments_check" CHECK (jsonb_typeof("attachments") = 'array')
      )`);
    await q.query(`CREATE INDEX "council_paper_organisation_id_application_id_idx" ON "council_paper" ("organisation_id", "application_id")`);
    await q.query(`CREATE INDEX "council_paper_organisation_id_lead_department_id_idx" ON "council_paper" ("organisation_id", "lead_department_id")`);

    await q.query(`
      CREATE TABLE "consultation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "paper_id" uuid NOT NULL,
        "position" integer NOT NULL,
        "committee_id" uuid NOT NULL,
        "session_date" date NOT NULL,
        "role" text NOT NULL,
        "public" boolean NOT NULL DEFAULT true,
        "outcome" text,
        "authoritative" boolean NOT NULL DEFAULT false,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "consultation_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "consultation_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "consultation_paper_id_position_key" UNIQUE ("organisation_id", "paper_id", "position"),
        CONSTRAINT "consultation_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "consultation_paper_id_fkey" FOREIGN KEY ("organisation_id", "paper_id")
          REFERENCES "council_paper" ("organisation_id", "id") ON DELETE CASCADE,
        CONSTRAINT "consultation_committee_id_fkey" FOREIGN KEY ("organisation_id", "committee_id")
          REFERENCES "committee" ("organisation_id", "id") ON DELETE RESTRICT,
        CONSTRAINT "consultation_role_check" CHECK ("role" IN ('acknowledgement', 'preliminary', 'decision')),
        CONSTRAINT "consultation_position_check" CHECK ("position" >= 1)
      )`);
    await q.query(`CREATE INDEX "consultation_organisation_id_committee_id_session_date_idx" ON "consultation" ("organisation_id", "committee_id", "session_date")`);
    // At most one consultation of a paper decides (OParl authoritative).
    await q.query(`CREATE UNIQUE INDEX "consultation_authoritative_idx" ON "consultation" ("paper_id") WHERE "authoritative"`);

    // ------------------------------------------------------------------ generated documents, request idempotency
    // Content in the row for now (transactional, backed up with the data); size and hash are checked against it.
    await q.query(`
      CREATE TABLE "document" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "subject_type" text NOT NULL,
        "subject_id" text NOT NULL,
        "version" integer NOT NULL,
        "file_name" text NOT NULL,
        "media_type" text NOT NULL,
        "sha256" text NOT NULL,
        "size_bytes" integer NOT NULL,
        "content" bytea NOT NULL,
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "document_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "document_tenant_key" UNIQUE ("organisation_id", "id"),
        CONSTRAINT "document_subject_kind_version_key"
          UNIQUE ("organisation_id", "subject_type", "subject_id", "kind", "version"),
        CONSTRAINT "document_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "document_kind_check" CHECK ("kind" ~ '^[a-z][a-z0-9_]*$'),
        CONSTRAINT "document_subject_type_check" CHECK ("subject_type" ~ '^[a-z][a-z0-9_]*$'),
        CONSTRAINT "document_version_check" CHECK ("version" >= 1),
        CONSTRAINT "document_size_bytes_check" CHECK ("size_bytes" = octet_length("content")),
        CONSTRAINT "document_sha256_check" CHECK ("sha256" = encode(sha256("content"), 'hex'))
      )`);

    await q.query(`
      CREATE TABLE "idempotency_key" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL,
        "key" text NOT NULL,
        "request_hash" text NOT NULL,
        "response_status" integer NOT NULL,
        "response_body" jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "idempotency_key_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "idempotency_key_organisation_id_key_key" UNIQUE ("organisation_id", "key"),
        CONSTRAINT "idempotency_key_organisation_id_fkey" FOREIGN KEY ("organisation_id")
          REFERENCES "organisation" ("id") ON DELETE RESTRICT,
        CONSTRAINT "idempotency_key_response_status_check" CHECK ("response_status" BETWEEN 100 AND 599)
      )`);
    await q.query(`CREATE INDEX "idempotency_key_created_at_idx" ON "idempotency_key" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Reverse order of up(); indexes, constraints and triggers go with their tables.
    await q.query(`DROP TABLE "idempotency_key"`);
    await q.query(`DROP TABLE "document"`);
    await q.query(`DROP TABLE "consultation"`);
    await q.query(`DROP TABLE "council_paper"`);
    await q.query(`DROP TABLE "ledger_entry"`);
    await q.query(`DROP FUNCTION ledger_entry_check_reversal()`);
    await q.query(`DROP TABLE "position_change"`);
    await q.query(`DROP TABLE "position_holder"`);
    await q.query(`DROP TABLE "position_allowance"`);
    await q.query(`DROP TABLE "position_stage"`);
    await q.query(`DROP TABLE "staff_position"`);
    await q.query(`DROP TABLE "programme_milestone"`);
    await q.query(`DROP TABLE "receipt"`);
    await q.query(`DROP TABLE "payment_received"`);
    await q.query(`DROP TABLE "disbursement_request"`);
    await q.query(`DROP TABLE "funding_notice"`);
    await q.query(`DROP TABLE "financing_plan_line"`);
    await q.query(`DROP TABLE "cost_plan_line"`);
    await q.query(`DROP TABLE "application_revision"`);
    await q.query(`DROP TABLE "funding_application"`);
    await q.query(`DROP TABLE "funding_programme"`);
    await q.query(`DROP TABLE "funder"`);
    await q.query(`DROP TABLE "budget_line"`);
    await q.query(`DROP TABLE "account"`);
    await q.query(`DROP TABLE "budget_product"`);
    await q.query(`DROP TABLE "on_cost_rate"`);
    await q.query(`DROP TABLE "bonus_rate"`);
    await q.query(`DROP TABLE "bonus_band"`);
    await q.query(`DROP TABLE "allowance_rate"`);
    await q.query(`DROP TABLE "pay_table_row"`);
    await q.query(`DROP TABLE "app_user"`);
    await q.query(`DROP TABLE "committee_session"`);
    await q.query(`DROP TABLE "committee"`);
    await q.query(`DROP TABLE "municipality"`);
    await q.query(`DROP TABLE "department"`);
    await q.query(`DROP TABLE "organisation"`);
  }
}
