import { Injectable } from '@nestjs/common';
import { Actor, DomainError } from '@app/common';
import { isoTimestamp } from '../common/persistence';
import { OrganisationDto } from './organisation.dto';
import { OrganisationRepository } from './organisation.repository';

/** The tenant itself. Name, kind and slug belong to the operators (seed/CLI), not to this API. */
@Injectable()
export class OrganisationService {
  constructor(private readonly organisations: OrganisationRepository) {}

  async own(actor: Actor): Promise<OrganisationDto> {
    const o = await this.organisations.find(actor.organisationId);
    if (!o) throw DomainError.notFound('organisation', actor.organisationId);
    return { id: o.id, name: o.name, kind: o.kind, landCode: o.landCode, slug: o.slug, version: o.version, createdAt: isoTimestamp(o.createdAt), updatedAt: isoTimestamp(o.updatedAt) };
  }
}
