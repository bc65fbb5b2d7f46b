using Serverless.Diag.AzureStorage;
using Serverless.Diag.Secrets;
using Serverless.Diag.State;
using Serverless.Diag.State.Local;

namespace Serverless.Diag.Hosting;

/// <summary>
/// Which state store a host uses: <c>--state</c> when given, else <c>DIAG_STATE</c> (every host reads it), else none.
/// A value that looks like a table endpoint or a connection string opens Azure Table Storage; anything else is a directory.
/// </summary>
public static class StateStores
{
    public const string Variable = "DIAG_STATE";

    /// <summary>The setting in force, or null for no store.</summary>
    public static string? Setting(string? option, Func<string, string?> environment) =>
        NonEmpty(option) ?? NonEmpty(environment(Variable));

    /// <summary>Opens the store; nothing touches the network or the disk until its first call.</summary>
    /// <param name="time">Not used: a store keeps its own clock (the service's, or the file system's). Kept for existing callers.</param>
    /// <param name="secrets">Receives the credential parts of a connection string, so no report or log shows them.</param>
    public static IStateStore? Open(string? setting, TimeProvider time, SecretRedactor? secrets = null) => Open(setting, secrets);

    /// <summary>Opens the store; nothing touches the network or the disk until its first call.</summary>
    /// <param name="secrets">Receives the credential parts of a connection string, so no report or log shows them.</param>
    /// <exception cref="ArgumentException">The setting looks like a table endpoint or connection string and is not a usable one.</exception>
    public static IStateStore? Open(string? setting, SecretRedactor? secrets = null)
    {
        if (NonEmpty(setting) is not { } value)
        {
            return null;
        }

        if (TableStores.Recognises(value))
        {
            secrets?.Add(value);
            foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.StartsWith("AccountKey=", StringComparison.OrdinalIgnoreCase) || part.StartsWith("SharedAccessSignature=", StringComparison.OrdinalIgnoreCase))
                {
                    secrets?.Add(part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                }
            }

            try
            {
                return TableStores.Open(value);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or UriFormatException or InvalidOperationException)
            {
                // The SDK's message may quote the setting; it holds a key, so it is not repeated.
                throw new ArgumentException($"--state / {Variable} is neither a usable table endpoint nor a storage connection string ({e.GetType().Name})");
            }
        }

        return new LocalDirectoryStore(value);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
