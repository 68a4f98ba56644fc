import { appContext } from '$lib/server/app';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ dashboard: appContext().dashboard.get() });
