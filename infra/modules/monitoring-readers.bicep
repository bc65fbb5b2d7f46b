// Read access to Azure Monitor in one resource group, for the azure-logs and azure-metrics checks.
param principalId string

// Monitoring Reader, Log Analytics Reader.
var roles = [
  '43d0d8ad-25c7-4714-9337-8ba259a9fe05'
  '73c42c96-874c-492b-b04d-ab87d138a893'
]

resource readers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in roles: {
  name: guid(resourceGroup().id, principalId, role)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]
