// Serverless.Diag on Azure Functions (Flex Consumption, Linux, .NET 10 isolated worker) for one environment.
// Deploy with infra/deploy.sh: it creates the Key Vault secrets before the code, uploads
// artifacts/functionapp.zip (infra/package.sh) and restarts the app. See docs/functions.md.
targetScope = 'resourceGroup'

@description('Short name of the environment this deployment diagnoses from (e.g. staging, production): lower-case letters and digits only, as it ends up in the storage account name (deploy.sh checks it).')
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

@description('Flex Consumption: most instances the app may scale out to. 40 to 1000 is the documented range; lower values work only in regions where Azure enables that preview (edit @minValue to use them there). To limit load on targets, cap httpPerInstanceConcurrency instead.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Flex Consumption: concurrent HTTP invocations per instance (scaleAndConcurrency.triggers.http.perInstanceConcurrency); 0 keeps the platform default for the memory size.')
@minValue(0)
@maxValue(1000)
param httpPerInstanceConcurrency int = 0

@description('Flex Consumption: memory per instance. 2048 MB (one vCPU) keeps the tool\'s own latency and TLS timings honest; 512 MB gives a quarter of a vCPU and skews them (docs/functions.md).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Object id of the person or pipeline that deploys: gets Key Vault Secrets Officer so it can write the secrets. deploy.sh fills it with the signed-in user or service principal; empty grants nothing.')
param deployerPrincipalId string = ''

@description('Kind of deployerPrincipalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param deployerPrincipalType string = 'User'

@description('Key Vault purge protection: a deleted vault and its secrets cannot be purged during the retention period. On for production; once on it cannot be turned off.')
param keyVaultPurgeProtection bool = environmentName == 'production'

@description('Explicit Key Vault name (3-24 letters, digits and hyphens, starting with a letter and ending with a letter or digit), e.g. to reuse a vault name after a soft delete. Empty: derived from the prefix, environment and resource group.')
@maxLength(24)
param keyVaultName string = ''

@description('Optional subnet for outbound VNet integration (reach private PostgreSQL, Redis and internal endpoints). Flex Consumption needs it delegated to Microsoft.App/environments. Empty: no VNet integration.')
param subnetId string = ''

@description('Days Log Analytics keeps the handler\'s logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

var suffix = uniqueString(resourceGroup().id, environmentName)
// take() may cut right after a hyphen, and a vault name must end with a letter or digit.
var derivedVaultName = take('kv-${namePrefix}-${environmentName}-${suffix}', 24)
var vaultName = !empty(keyVaultName) ? keyVaultName : (endsWith(derivedVaultName, '-') ? take(derivedVaultName, 23) : derivedVaultName)
var secretReferences = union({ GITHUB_TOKEN: 'github-token' }, keyVaultReferences)
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
    name: vaultName
    location: location
    tags: tags
    principalId: identity.outputs.principalId
    deployerPrincipalId: deployerPrincipalId
    deployerPrincipalType: deployerPrincipalType
    purgeProtection: keyVaultPurgeProtection
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
    keyVaultReferences: secretReferences
    // DIAG_STATE: memory across runs in the app's own storage account (Table Data Contributor is assigned there);
    // extraAppSettings may point it elsewhere.
    appSettings: union({ DIAG_STATE: storage.outputs.tableEndpoint }, extraAppSettings, {
      DIAG_SCHEDULE: diagSchedule
      DIAG_CONFIG: diagConfig
      GITHUB_REPOSITORY: githubRepository
      GITHUB_API_URL: githubApiUrl
    })
    maximumInstanceCount: maximumInstanceCount
    httpPerInstanceConcurrency: httpPerInstanceConcurrency
    instanceMemoryMB: instanceMemoryMB
    subnetId: subnetId
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
@description('Every app setting resolved from Key Vault and its secret name: deploy.sh creates each secret (or a placeholder) before the code.')
output secretReferences array = [for entry in items(secretReferences): {
  setting: entry.key
  secret: entry.value
}]
