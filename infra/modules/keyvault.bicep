// Key Vault for GITHUB_TOKEN and the connection strings the config reads; the app resolves them as
// Key Vault references with its managed identity (Secrets User). Secret values are set outside the
// template, by deploy.sh or `az keyvault secret set`, by the deployer (Secrets Officer).
param name string
param location string
param tags object
param principalId string

@description('Object id that may write secrets (Key Vault Secrets Officer); empty: nobody besides role holders inherited from above.')
param deployerPrincipalId string = ''
param deployerPrincipalType string = 'User'

@description('Purge protection cannot be turned off once on; the API refuses false, so off is sent as null.')
param purgeProtection bool

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: purgeProtection ? true : null
  }
}

// Key Vault Secrets User.
resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
  }
}

// Key Vault Secrets Officer: with RBAC authorization nobody else may write the secrets the app reads.
resource officer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
  scope: vault
  properties: {
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
