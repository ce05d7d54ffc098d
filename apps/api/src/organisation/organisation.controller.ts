import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { OrganisationDto } from './organisation.dto';
import { OrganisationService } from './organisation.service';

@ApiTags('organisation')
@Controller('api/v1/organisation')
export class OrganisationController {
  constructor(private readonly organisation: OrganisationService) {}

  @Get()
  @ApiOperation({ summary: "The caller's own organisation (Landkreis or kreisfreie Stadt)" })
  @ApiErrors()
  @ApiOkResponse({ type: OrganisationDto })
  get(@CurrentActor() actor: Actor): Promise<OrganisationDto> {
    return this.organisation.own(actor);
  }
}
