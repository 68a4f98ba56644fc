export { appContext } from '$server/context';
