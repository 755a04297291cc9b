// Connection strings that carry a shared access signature instead of a key
// (SharedAccessSignature=SharedAccessSignature sr=…&sig=…&se=…&skn=…), as people are handed for
// limited access. @azure/service-bus (7.9.5) uses the token for AMQP, but its administration
// client signs every request with a key it does not have and fails with Node's internal
// 'The "key" argument must be of type string' (Azure/azure-sdk-for-js#14661). The management
// endpoint takes the same token in its Authorization header (that is what the SDK's own signing
// writes there, computed from a key), so the token is sent as it is.
import type { ServiceBusAdministrationClient } from '@azure/service-bus';

/** The signature a connection string carries, or undefined when it has a key (or neither). */
export function sharedAccessSignatureOf(connectionString: string): string | undefined {
  for (const part of connectionString.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim().toLowerCase() === 'sharedaccesssignature') {
      return part.slice(eq + 1).trim();
    }
  }
  return undefined;
}

/** The name of the SDK's policy that signs with the connection string's key. */
const SDK_SIGNING_POLICY = 'signingPolicy';

/**
 * Replaces the administration client's key signing with the signature itself. Should a later SDK
 * rename its policy, nothing is replaced and its own error stays.
 */
export function signManagementWithSignature(admin: ServiceBusAdministrationClient, signature: string): void {
  const removed = admin.pipeline.removePolicy({ name: SDK_SIGNING_POLICY });
  if (removed.length === 0) {
    return;
  }
  admin.pipeline.addPolicy(
    {
      name: 'ctEventsSharedAccessSignature',
      sendRequest: (request, next) => {
        request.headers.set('authorization', signature);
        request.withCredentials = true;
        return next(request);
      },
    },
    { phase: 'Sign' },
  );
}
