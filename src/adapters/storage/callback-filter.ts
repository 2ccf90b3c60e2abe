/** The supervisor/API list query of CallbackRepo.list, one definition for both dialects (keyset paging by id). */
import type { Kysely } from 'kysely';
import type { CallbackFilter } from '../../app/ports/store.js';
import type { Tables } from './tables.js';

export function callbackListQuery(db: Kysely<Tables>, f: CallbackFilter) {
  let q = db.selectFrom('callbacks').selectAll();
  if (f.serviceId) q = q.where('service_id', '=', f.serviceId);
  if (f.states?.length) q = q.where('state', 'in', f.states);
  if (f.phone) q = q.where('phone', '=', f.phone);
  if (f.createdFrom !== undefined) q = q.where('created_at', '>=', f.createdFrom);
  if (f.createdTo !== undefined) q = q.where('created_at', '<', f.createdTo);
  if (f.afterId) q = q.where('id', '>', f.afterId);
  return q.orderBy('id').limit(f.limit);
}
