// Loaded with `node --import` before the app: the server process gets the tests' family.
import { installPlugFamily } from '../../server/mqtt/families';
import { fakePlugFamily } from './fake-plug-family';

installPlugFamily(fakePlugFamily);
