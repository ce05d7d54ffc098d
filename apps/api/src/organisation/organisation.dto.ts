import { ApiProperty } from '@nestjs/swagger';
import { LAND_CODES, ORGANISATION_KINDS, type LandCode, type OrganisationKind } from '@app/database';

/** The caller's own organisation (the tenant): read-only here. */
export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Landkreis Peine' }) name!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS, example: 'county', description: 'county: Landkreis, city: kreisfreie Stadt' }) kind!: OrganisationKind;
  @ApiProperty({ enum: LAND_CODES, example: 'NI', description: 'the Land (ISO 3166-2:DE)' }) landCode!: LandCode;
  @ApiProperty({ example: 'landkreis-peine', description: 'stable login and URL key' }) slug!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
