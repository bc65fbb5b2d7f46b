namespace Serverless.Diag.Hosting.Diagnosis;

/// <summary>
/// An App Service Key Vault reference the platform could not resolve reaches the process as its literal text
/// (<c>@Microsoft.KeyVault(SecretUri=...)</c>) and stays cached for up to a day. Such a value is never a
/// secret to use: probing a database with it would report "database down" for what is a deployment problem.
/// </summary>
public sealed class KeyVaultReferences
{
    private const string Prefix = "@Microsoft.KeyVault(";
    private readonly HashSet<string> _unresolved = new(StringComparer.Ordinal);

    /// <summary>The app settings read through <see cref="Guard"/> that held an unresolved reference, sorted.</summary>
    public IReadOnlyList<string> Unresolved
    {
        get
        {
            lock (_unresolved)
            {
                return [.. _unresolved.Order(StringComparer.Ordinal)];
            }
        }
    }

    public static bool IsUnresolved(string? value) =>
        value is not null && value.AsSpan().TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>What an operator reads for one setting: names it, never prints the reference (it names the vault).</summary>
    public static string Problem(string setting) =>
        $"app setting '{setting}' is an unresolved Key Vault reference (@Microsoft.KeyVault(...)): the platform could not read the secret. " +
        "Check that the secret exists, that the app's identity may read it (Key Vault Secrets User) and that the vault is reachable, then restart the app. Nothing that needs it was run.";

    /// <summary>Reads through <paramref name="environment"/>; an unresolved reference reads as unset and is remembered.</summary>
    public Func<string, string?> Guard(Func<string, string?> environment) => name =>
    {
        var value = environment(name);
        if (!IsUnresolved(value))
        {
            return value;
        }

        lock (_unresolved)
        {
            _unresolved.Add(name);
        }

        return null;
    };
}
