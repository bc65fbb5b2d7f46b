// The Function App: Flex Consumption on Linux, .NET 10 isolated worker, identity-based storage,
// Key Vault references for secrets, optional outbound VNet integration.
param name string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param blobEndpoint string
param deploymentContainerName string
param appInsightsConnectionString string
param keyVaultUri string

@description('{ APP_SETTING_NAME: "secret-name" } resolved as Key Vault references.')
param keyVaultReferences object

@description('Plain app settings.')
param appSettings object

param maximumInstanceCount int
param httpPerInstanceConcurrency int
param instanceMemoryMB int

@description('Subnet delegated to Microsoft.App/environments for outbound VNet integration; empty for none.')
param subnetId string

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

var hostSettings = {
  // Identity-based AzureWebJobsStorage: the timer's schedule monitor and singleton lock live here.
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // DefaultAzureCredential in the azure-logs / azure-metrics checks picks this identity.
  AZURE_CLIENT_ID: identityClientId
}

var referenceSettings = toObject(items(keyVaultReferences), entry => entry.key, entry => '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${entry.value}/)')

var allSettings = union(appSettings, referenceSettings, hostSettings)

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    // Outbound traffic to the private targets goes through the subnet. Key Vault references are still resolved
    // by the platform, not through it: the vault must stay reachable without private networking on Flex.
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [for setting in items(allSettings): {
        name: setting.key
        value: string(setting.value)
      }]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        triggers: httpPerInstanceConcurrency > 0 ? {
          http: {
            perInstanceConcurrency: httpPerInstanceConcurrency
          }
        } : null
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
