#!/usr/bin/env bash
# Deploys Serverless.Diag to Azure Functions for one environment: packages the app, deploys the Bicep
# (infra/main.bicep with infra/parameters/<environment>.bicepparam), then zip-deploys the package.
#
# Usage: infra/deploy.sh --resource-group RG --environment staging [--location westeurope]
#                        [--config diag.yaml] [--include PATH]... [--skip-package]
# Needs: the Azure CLI (az), logged in with rights to create resources and role assignments in RG.
# Secrets are not in the template: set them in the Key Vault it creates (the script prints how).
set -euo pipefail

infra="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$infra/.." && pwd)"
group="" environment="" location="" skip_package=false
package_args=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --resource-group|-g) group="$2"; shift 2 ;;
    --environment|-e) environment="$2"; shift 2 ;;
    --location|-l) location="$2"; shift 2 ;;
    --config) package_args+=(--config "$2"); shift 2 ;;
    --include) package_args+=(--include "$2"); shift 2 ;;
    --skip-package) skip_package=true; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "deploy.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [[ -z "$group" || -z "$environment" ]]; then
  echo "deploy.sh: --resource-group and --environment are required (see --help)" >&2
  exit 2
fi
params="$infra/parameters/$environment.bicepparam"
if [[ ! -f "$params" ]]; then
  echo "deploy.sh: no parameter file $params; copy parameters/staging.bicepparam and adapt it" >&2
  exit 2
fi
command -v az >/dev/null || { echo "deploy.sh: the Azure CLI (az) is required" >&2; exit 2; }

if [[ "$skip_package" != true ]]; then
  "$infra/package.sh" "${package_args[@]}"
fi
zip="$root/artifacts/functionapp.zip"
[[ -f "$zip" ]] || { echo "deploy.sh: $zip is missing; run infra/package.sh" >&2; exit 2; }

if [[ -n "$location" ]]; then
  az group create --name "$group" --location "$location" --output none
fi

deployment="serverless-diag-$environment"
az deployment group create \
  --resource-group "$group" \
  --name "$deployment" \
  --template-file "$infra/main.bicep" \
  --parameters "$params" \
  --output none

app="$(az deployment group show -g "$group" -n "$deployment" --query properties.outputs.functionAppName.value -o tsv)"
vault="$(az deployment group show -g "$group" -n "$deployment" --query properties.outputs.keyVaultName.value -o tsv)"
host="$(az deployment group show -g "$group" -n "$deployment" --query properties.outputs.functionAppHostName.value -o tsv)"

az functionapp deployment source config-zip --resource-group "$group" --name "$app" --src "$zip" --output none

echo "deploy.sh: deployed $zip to $app"
echo "deploy.sh: set the secrets the app reads through Key Vault references, e.g.:"
echo "  az keyvault secret set --vault-name $vault --name github-token --value <token>"
echo "deploy.sh: diagnose on demand:"
echo "  curl -H \"x-functions-key: \$(az functionapp function keys list -g $group -n $app --function-name Diagnose --query default -o tsv)\" https://$host/api/diagnose?env=$environment"
