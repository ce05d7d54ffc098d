import { DomainError } from '@app/common';
import { resolvePage } from './pagination';

describe('resolvePage', () => {
  const sortable = { title: 'a.title', createdAt: 'a.created_at' };

  it('applies defaults and a stable tie-breaker', () => {
    expect(resolvePage({}, sortable, '-createdAt', 'a.id')).toEqual({
      limit: 50,
      offset: 0,
      orderBy: [
        { column: 'a.created_at', direction: 'DESC' },
        { column: 'a.id', direction: 'ASC' },
      ],
    });
  });

  it('maps several fields and refuses unknown ones with the field name', () => {
    expect(resolvePage({ sort: 'title,-createdAt', limit: 5, offset: 10 }, sortable, 'title', 'a.id').orderBy.map((o) => `${o.column} ${o.direction}`)).toEqual([
      'a.title ASC',
      'a.created_at DESC',
      'a.id ASC',
    ]);
    expect(() => resolvePage({ sort: 'password' }, sortable, 'title', 'a.id')).toThrow(DomainError);
    expect(() => resolvePage({ sort: 'password' }, sortable, 'title', 'a.id')).toThrow('cannot sort by "password"');
  });
});
