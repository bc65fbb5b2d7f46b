#!/usr/bin/env bash
# Deploys Serverless.Diag to Azure Functions (Flex Consumption) for one environment, in the order the app needs:
#   1. package the app (infra/package.sh) unless --skip-package;
#   2. deploy infra/main.bicep with infra/parameters/<environment>.bicepparam, granting you (the signed-in user
#      or service principal) Key Vault Secrets Officer on the app's vault;
#   3. create every secret the parameters reference, before any code runs: the value of the app setting's
#      environment variable with --secrets-from-env (e.g. GITHUB_TOKEN, DATABASE_URL), else the existing secret,
#      else a placeholder the app reports as an unset Key Vault reference (never probed);
#   4. zip-deploy the package, retrying while fresh role assignments propagate;
#   5. restart the app, so Key Vault references are resolved again with the secrets just set.
#
# Usage: infra/deploy.sh --resource-group RG --environment staging [--location westeurope]
#                        [--config diag.yaml] [--include PATH]... [--skip-package] [--secrets-from-env]
# Needs: the Azure CLI (az), signed in with rights to create resources and role assignments in RG.
set -euo pipefail

infra="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$infra/.." && pwd)"
group="" environment="" location="" skip_package=false secrets_from_env=false
# Never expanded while empty: bash 3.2 (macOS) treats "${empty[@]}" as unbound under set -u.
package_args=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --resource-group|-g) group="$2"; shift 2 ;;
    --environment|-e) environment="$2"; shift 2 ;;
    --location|-l) location="$2"; shift 2 ;;
    --config) package_args+=(--config "$2"); shift 2 ;;
    --include) package_args+=(--include "$2"); shift 2 ;;
    --skip-package) skip_package=true; shift ;;
    --secrets-from-env) secrets_from_env=true; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "deploy.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [[ -z "$group" || -z "$environment" ]]; then
  echo "deploy.sh: --resource-group and --environment are required (see --help)" >&2
  exit 2
fi
# The name ends up in the storage account name: lower-case letters and digits, 2 to 12 of them.
if [[ ! "$environment" =~ ^[a-z0-9]{2,12}$ ]]; then
  echo "deploy.sh: --environment '$environment' must be 2-12 lower-case letters and digits (it becomes part of resource names)" >&2
  exit 2
fi
params="$infra/parameters/$environment.bicepparam"
if [[ ! -f "$params" ]]; then
  echo "deploy.sh: no parameter file $params; copy parameters/staging.bicepparam and adapt it" >&2
  exit 2
fi
command -v az >/dev/null || { echo "deploy.sh: the Azure CLI (az) is required" >&2; exit 2; }

# Retries a command while Azure role assignments propagate (typically a minute or two, up to ~10).
retry() {
  local what="$1" attempt=1 attempts=12 pause=15
  shift
  until "$@"; do
    if [[ $attempt -ge $attempts ]]; then
      echo "deploy.sh: $what still failing after $attempts attempts" >&2
      return 1
    fi
    echo "deploy.sh: $what failed (attempt $attempt of $attempts; new role assignments take a while); retrying in ${pause}s" >&2
    sleep "$pause"
    attempt=$((attempt + 1))
  done
}

if [[ "$skip_package" != true ]]; then
  if [[ ${#package_args[@]} -gt 0 ]]; then
    "$infra/package.sh" "${package_args[@]}"
  else
    "$infra/package.sh"
  fi
fi
zip="$root/artifacts/functionapp.zip"
[[ -f "$zip" ]] || { echo "deploy.sh: $zip is missing; run infra/package.sh" >&2; exit 2; }

if [[ -n "$location" ]]; then
  az group create --name "$group" --location "$location" --output none
fi

# Who deploys: a user (az login) or a service principal (a pipeline); it gets Key Vault Secrets Officer.
if [[ "$(az account show --query user.type -o tsv)" == "servicePrincipal" ]]; then
  deployer_type="ServicePrincipal"
  deployer_id="$(az ad sp show --id "$(az account show --query user.name -o tsv)" --query id -o tsv)"
else
  deployer_type="User"
  deployer_id="$(az ad signed-in-user show --query id -o tsv)"
fi

deployment="serverless-diag-$environment"
az deployment group create \
  --resource-group "$group" \
  --name "$deployment" \
  --template-file "$infra/main.bicep" \
  --parameters "$params" \
  --parameters deployerPrincipalId="$deployer_id" deployerPrincipalType="$deployer_type" \
  --output none

output() {
  az deployment group show -g "$group" -n "$deployment" --query "properties.outputs.$1.value" -o tsv
}
app="$(output functionAppName)"
vault="$(output keyVaultName)"
host="$(output functionAppHostName)"

# Secrets before code: an app that starts with a reference to a missing secret sees the literal
# '@Microsoft.KeyVault(...)' text, and the platform may keep it for up to 24 hours.
echo "deploy.sh: secrets the app reads from Key Vault $vault:"
placeholders=0
secret_file="$(mktemp)"
trap 'rm -f "$secret_file"' EXIT
chmod 600 "$secret_file"
# The list is read on descriptor 3, so nothing az runs inside the loop can consume it.
while IFS=$'\t' read -r setting secret <&3; do
  [[ -n "$setting" ]] || continue
  value=""
  if [[ "$secrets_from_env" == true ]]; then
    value="$(printenv "$setting" || true)"
  fi
  if [[ -n "$value" ]]; then
    # From a file, not the command line, where other users' `ps` could read it.
    printf '%s' "$value" >"$secret_file"
    retry "writing secret $secret" az keyvault secret set --vault-name "$vault" --name "$secret" --file "$secret_file" --encoding utf-8 --output none
    : >"$secret_file"
    echo "  $setting <- $secret (set from \$$setting)"
  elif [[ -n "$(retry "reading secret $secret" az keyvault secret list --vault-name "$vault" --query "[?name=='$secret'].name" -o tsv)" ]]; then
    echo "  $setting <- $secret (kept)"
  else
    # Still reads as an unresolved reference: the app reports a config problem naming the setting, never probes it.
    retry "writing placeholder $secret" az keyvault secret set --vault-name "$vault" --name "$secret" \
      --value "@Microsoft.KeyVault(placeholder: secret '$secret' is not set yet)" --output none
    echo "  $setting <- $secret (PLACEHOLDER: az keyvault secret set --vault-name $vault --name $secret --value <value>)"
    placeholders=$((placeholders + 1))
  fi
done 3< <(az deployment group show -g "$group" -n "$deployment" --query "properties.outputs.secretReferences.value[].[setting, secret]" -o tsv)

retry "zip deploy" az functionapp deployment source config-zip --resource-group "$group" --name "$app" --src "$zip" --output none
echo "deploy.sh: deployed $zip to $app"

# Key Vault references are resolved at start and cached: restart so the secrets just written are read.
az functionapp restart --resource-group "$group" --name "$app" --output none
echo "deploy.sh: restarted $app"

if [[ $placeholders -gt 0 ]]; then
  echo "deploy.sh: $placeholders secret(s) hold a placeholder; set them as printed above, then: az functionapp restart -g $group -n $app"
fi
echo "deploy.sh: diagnose on demand:"
echo "  curl -H \"x-functions-key: \$(az functionapp function keys list -g $group -n $app --function-name Diagnose --query default -o tsv)\" https://$host/api/diagnose?env=$environment"
