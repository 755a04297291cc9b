// Sovereign clouds: a namespace's host suffix says which Microsoft Entra ID authority signs its
// users in. The token audience is the same everywhere: Service Bus accepts tokens for
// https://servicebus.azure.net in every cloud, and @azure/service-bus always asks for that scope.

export interface AzureCloud {
  name: 'AzurePublicCloud' | 'AzureChinaCloud' | 'AzureUSGovernment';
  /** Label for people, e.g. in the doctor's report. */
  label: string;
  /** Host suffix of Service Bus namespaces in this cloud. */
  serviceBusSuffix: string;
  /** Where @azure/identity and the VS Code account sign in for this cloud. */
  authorityHost: string;
  /** Where the namespace's Access control (IAM) page is. */
  portal: string;
}

/** The audience of Service Bus tokens, and the scope that asks for it. */
export const SERVICE_BUS_AUDIENCE = 'https://servicebus.azure.net';
export const SERVICE_BUS_SCOPE = `${SERVICE_BUS_AUDIENCE}/.default`;

export const AZURE_CLOUDS: readonly AzureCloud[] = [
  {
    name: 'AzurePublicCloud', label: 'Azure', serviceBusSuffix: 'servicebus.windows.net',
    authorityHost: 'https://login.microsoftonline.com', portal: 'https://portal.azure.com',
  },
  {
    name: 'AzureChinaCloud', label: 'Azure operated by 21Vianet (China)', serviceBusSuffix: 'servicebus.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn', portal: 'https://portal.azure.cn',
  },
  {
    name: 'AzureUSGovernment', label: 'Azure Government (US)', serviceBusSuffix: 'servicebus.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us', portal: 'https://portal.azure.us',
  },
];

/** The cloud a namespace host belongs to; the public cloud for any other host (emulator, sandbox). */
export function cloudForHost(host: string): AzureCloud {
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  return AZURE_CLOUDS.find((cloud) => name.endsWith(`.${cloud.serviceBusSuffix}`)) ?? AZURE_CLOUDS[0];
}

/** Whether the host is a Service Bus namespace of a known cloud (<name>.<suffix>). */
export function isKnownCloudHost(host: string): boolean {
  const name = host.trim().toLowerCase();
  return AZURE_CLOUDS.some((cloud) => name.endsWith(`.${cloud.serviceBusSuffix}`));
}
