// Serverless.Diag on Azure Functions (Flex Consumption, Linux, custom handler) for one environment.
// Deploy with infra/deploy.sh, which also uploads artifacts/functionapp.zip (infra/package.sh).
targetScope = 'resourceGroup'

@description('Short name of the environment this deployment diagnoses from (e.g. staging, production). Used in resource names.')
@minLength(2)
@maxLength(12)
param environmentName string

@description('Prefix for resource names; lower-case letters and digits.')
@minLength(2)
@maxLength(10)
param namePrefix string = 'sdiag'

@description('Azure region.')
param location string = resourceGroup().location

@description('NCRONTAB schedule (with seconds) of ScheduledDiagnosis.')
param diagSchedule string = '0 */5 * * * *'

@description('Config file inside the package (DIAG_CONFIG).')
param diagConfig string = 'diag.yaml'

@description('owner/name of the repository where incidents are filed (GITHUB_REPOSITORY).')
param githubRepository string

@description('GitHub API base URL; a GitHub Enterprise Server URL works unchanged.')
param githubApiUrl string = 'https://api.github.com'

@description('App settings resolved from Key Vault secrets: { APP_SETTING_NAME: "secret-name" }. GITHUB_TOKEN is always one (secret "github-token"); add the connection strings the config reads with \${env:...}.')
param keyVaultReferences object = {}

@description('Plain app settings for the \${env:...} values the config reads that are not secrets.')
param extraAppSettings object = {}

@description('Resource groups whose Azure Monitor data the azure-logs / azure-metrics checks read: the identity gets Monitoring Reader and Log Analytics Reader there. This deployment\'s own resource group is always included.')
param monitoredResourceGroups array = []

@description('Flex Consumption: most instances the app may scale out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 10

@description('Flex Consumption: memory per instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 512

@description('Days Log Analytics keeps the handler\'s logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

var suffix = uniqueString(resourceGroup().id, environmentName)
var baseName = '${namePrefix}-${environmentName}'
var tags = {
  application: 'serverless-diag'
  environment: environmentName
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${baseName}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    baseName: baseName
    location: location
    tags: tags
    retentionDays: logRetentionDays
    principalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take('st${namePrefix}${environmentName}${suffix}', 24)
    location: location
    tags: tags
    principalId: identity.outputs.principalId
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: take('kv-${namePrefix}-${environmentName}-${suffix}', 24)
    location: location
    tags: tags
    principalId: identity.outputs.principalId
  }
}

module app 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: 'func-${baseName}-${suffix}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    keyVaultUri: vault.outputs.uri
    keyVaultReferences: union({ GITHUB_TOKEN: 'github-token' }, keyVaultReferences)
    appSettings: union(extraAppSettings, {
      DIAG_SCHEDULE: diagSchedule
      DIAG_CONFIG: diagConfig
      GITHUB_REPOSITORY: githubRepository
      GITHUB_API_URL: githubApiUrl
    })
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

module readers 'modules/monitoring-readers.bicep' = [for group in union([resourceGroup().name], monitoredResourceGroups): {
  name: 'readers-${uniqueString(group)}'
  scope: resourceGroup(group)
  params: {
    principalId: identity.outputs.principalId
  }
}]

output functionAppName string = app.outputs.name
output functionAppHostName string = app.outputs.defaultHostName
output keyVaultName string = vault.outputs.name
output identityClientId string = identity.outputs.clientId
