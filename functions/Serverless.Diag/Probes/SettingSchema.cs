namespace Serverless.Diag.Probes;

/// <summary>A check setting as the JSON schema shows it: what it means, and the values it takes (<c>true</c>/<c>false</c> written as booleans).</summary>
public sealed record SettingSchema(string Description, IReadOnlyList<string>? Values = null)
{
    public static IReadOnlyDictionary<string, SettingSchema> None { get; } = new Dictionary<string, SettingSchema>();
}
