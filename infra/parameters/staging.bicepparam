using '../main.bicep'

param environmentName = 'staging'
param githubRepository = 'acme/backend'
param diagSchedule = '0 */5 * * * *'
param keyVaultReferences = {
  DATABASE_URL: 'staging-database-url'
  REDIS_URL: 'staging-redis-url'
}
param monitoredResourceGroups = []
param maximumInstanceCount = 40
param keyVaultPurgeProtection = false
