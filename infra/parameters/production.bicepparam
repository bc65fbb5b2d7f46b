using '../main.bicep'

param environmentName = 'production'
param githubRepository = 'acme/backend'
param diagSchedule = '0 */2 * * * *'
param keyVaultReferences = {
  DATABASE_URL: 'production-database-url'
  REDIS_URL: 'production-redis-url'
}
param monitoredResourceGroups = []
param maximumInstanceCount = 40
param keyVaultPurgeProtection = true
param logRetentionDays = 90
