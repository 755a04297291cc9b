// AMQP over WebSockets on port 443, for networks that block 5671: the `ws` package as the SDK's
// WebSocket constructor, through an HTTP(S) proxy when one is given (VS Code's http.proxy), since
// `ws` itself does not read proxy settings.
import { HttpsProxyAgent } from 'https-proxy-agent';
import WebSocket from 'ws';
import type { WebSocketTransport } from './types';

export interface WebSocketTransportOptions {
  /** e.g. http://proxy.contoso.com:8080; credentials in the URL are passed to the proxy, never logged. */
  proxyUrl?: string;
  /** false accepts a proxy's own certificate (VS Code's http.proxyStrictSSL). */
  rejectUnauthorized?: boolean;
}

export function webSocketTransport(options: WebSocketTransportOptions = {}): WebSocketTransport {
  const proxyUrl = options.proxyUrl?.trim();
  if (!proxyUrl) {
    return { webSocket: WebSocket };
  }
  const agent = new HttpsProxyAgent(proxyUrl, { rejectUnauthorized: options.rejectUnauthorized ?? true });
  return { webSocket: WebSocket, webSocketConstructorOptions: { agent } };
}
