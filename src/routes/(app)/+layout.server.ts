import { requireUser } from '$lib/server/guards';
import type { LayoutServerLoad } from './$types';

// Every page in (app) also checks in its own load: layout and page loads run in parallel.
export const load: LayoutServerLoad = (event) => ({ user: requireUser(event) });
