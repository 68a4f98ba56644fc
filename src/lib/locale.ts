export { intlLocale } from '$server/settings/locale';
