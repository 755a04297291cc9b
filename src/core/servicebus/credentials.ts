// Microsoft Entra ID credentials for namespaces: the @azure/identity chain people who live in
// terminals use (environment, workload identity, managed identity, Azure CLI, Azure Developer
// CLI, Azure PowerShell), tried in that order. Unlike ChainedTokenCredential it remembers which
// member gave the token, so the doctor and the tree can say "signed in through the Azure CLI".
import {
  AzureCliCredential, AzureDeveloperCliCredential, AzurePowerShellCredential, CredentialUnavailableError,
  EnvironmentCredential, ManagedIdentityCredential, WorkloadIdentityCredential,
} from '@azure/identity';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { cloudForHost } from './clouds';
import type { NamedCredential } from './types';

export type IdentitySource = 'environment' | 'workloadIdentity' | 'managedIdentity' | 'azureCli' | 'azureDeveloperCli' | 'azurePowerShell';

export const IDENTITY_SOURCES: readonly IdentitySource[] = [
  'environment', 'workloadIdentity', 'managedIdentity', 'azureCli', 'azureDeveloperCli', 'azurePowerShell',
];

/** How each member is named to people. */
export const IDENTITY_SOURCE_LABELS: Readonly<Record<IdentitySource, string>> = {
  environment: 'environment variables (AZURE_CLIENT_ID, …)',
  workloadIdentity: 'workload identity',
  managedIdentity: 'managed identity',
  azureCli: 'Azure CLI (az login)',
  azureDeveloperCli: 'Azure Developer CLI (azd auth login)',
  azurePowerShell: 'Azure PowerShell (Connect-AzAccount)',
};

/** @azure/identity's class names, as AZURE_TOKEN_CREDENTIALS spells them. */
const CLASS_NAMES: Readonly<Record<IdentitySource, string>> = {
  environment: 'EnvironmentCredential',
  workloadIdentity: 'WorkloadIdentityCredential',
  managedIdentity: 'ManagedIdentityCredential',
  azureCli: 'AzureCliCredential',
  azureDeveloperCli: 'AzureDeveloperCliCredential',
  azurePowerShell: 'AzurePowerShellCredential',
};

/**
 * The members to try, narrowed the way DefaultAzureCredential reads AZURE_TOKEN_CREDENTIALS:
 * "dev" (the developer tools), "prod" (environment, workload and managed identity) or one class
 * name such as "AzureCliCredential". Unset or unknown: all of them.
 */
export function identitySourcesFrom(setting: string | undefined): IdentitySource[] {
  const value = setting?.trim().toLowerCase() ?? '';
  if (value === 'dev') {
    return ['azureCli', 'azureDeveloperCli', 'azurePowerShell'];
  }
  if (value === 'prod') {
    return ['environment', 'workloadIdentity', 'managedIdentity'];
  }
  const one = IDENTITY_SOURCES.find((source) => CLASS_NAMES[source].toLowerCase() === value);
  return one ? [one] : [...IDENTITY_SOURCES];
}

export interface IdentityChainOptions {
  /** Namespace host: picks the sovereign cloud's authority. */
  host: string;
  tenantId?: string;
  /** Default: from AZURE_TOKEN_CREDENTIALS. */
  sources?: IdentitySource[];
}

function createMember(source: IdentitySource, authorityHost: string, tenantId: string | undefined): TokenCredential {
  switch (source) {
    case 'environment':
      return new EnvironmentCredential({ authorityHost });
    case 'workloadIdentity':
      return new WorkloadIdentityCredential({ authorityHost, tenantId });
    case 'managedIdentity':
      return new ManagedIdentityCredential({ authorityHost });
    case 'azureCli':
      return new AzureCliCredential({ tenantId });
    case 'azureDeveloperCli':
      return new AzureDeveloperCliCredential({ tenantId });
    case 'azurePowerShell':
      return new AzurePowerShellCredential({ tenantId });
  }
}

/** A member that cannot be built (e.g. workload identity without its files) is unavailable, not an error. */
function safeMember(source: IdentitySource, authorityHost: string, tenantId: string | undefined): TokenCredential {
  try {
    return createMember(source, authorityHost, tenantId);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { getToken: () => Promise.reject(new CredentialUnavailableError(reason)) };
  }
}

export class IdentityChainCredential implements NamedCredential {
  private readonly members: Array<{ source: IdentitySource; credential: TokenCredential }>;
  /** The member that gave the last token. */
  lastSource?: IdentitySource;

  constructor(options: IdentityChainOptions) {
    const { authorityHost } = cloudForHost(options.host);
    const sources = options.sources ?? identitySourcesFrom(process.env.AZURE_TOKEN_CREDENTIALS);
    this.members = sources.map((source) => ({ source, credential: safeMember(source, authorityHost, options.tenantId) }));
  }

  get sourceLabel(): string | undefined {
    return this.lastSource && IDENTITY_SOURCE_LABELS[this.lastSource];
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const unavailable: string[] = [];
    for (const { source, credential } of this.members) {
      try {
        const token = await credential.getToken(scopes, options);
        if (token) {
          this.lastSource = source;
          return token;
        }
        unavailable.push(`${IDENTITY_SOURCE_LABELS[source]}: no token`);
      } catch (error) {
        // An unavailable member hands over to the next; a member that is set up but fails (e.g.
        // a token for another tenant) is the answer, as in ChainedTokenCredential.
        if (!(error instanceof Error) || error.name !== 'CredentialUnavailableError') {
          throw error;
        }
        unavailable.push(`${IDENTITY_SOURCE_LABELS[source]}: ${error.message.split('\n')[0]}`);
      }
    }
    throw new CredentialUnavailableError(`Not signed in: no Azure credential is available (${unavailable.join('; ')}).`);
  }
}
