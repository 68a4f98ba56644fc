import * as m from '../../i18n/paraglide/messages.js';
import { intlLocale, type Locale } from '../settings/locale';

/** "Desk strip · Fridge", or "Desk strip · Port 3" ("সকেট ৩") for a port with no label. */
export const portDisplayName = (
	deviceName: string,
	label: string | null,
	port: number,
	locale: Locale = 'en'
): string =>
	`${deviceName} · ${label ?? m.port_name({ n: port.toLocaleString(intlLocale(locale)) }, { locale })}`;
