// engine.io-client's transports by name, for the browser build (scripts/websocket-only.ts
// puts this module in place of the library's own list): the live socket is WebSocket only
// (socket.ts), so the first load need not carry long-polling and WebTransport, never used.
import { WS } from '../../../node_modules/engine.io-client/build/esm/transports/websocket.js';

export const transports = { websocket: WS };
