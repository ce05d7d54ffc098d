import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'foerderwerk:isPublic';

/** An endpoint anyone may call without credentials (health, the OpenAPI page). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
