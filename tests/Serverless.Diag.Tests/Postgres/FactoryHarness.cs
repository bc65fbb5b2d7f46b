using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Tests.Postgres;

/// <summary>Builds a probe from settings as the planner would, keeping the diagnostics and secrets for inspection. Shared with the redis tests.</summary>
internal sealed class FactoryHarness(IProbeFactory factory, TimeSpan? timeout = null)
{
    public static readonly SourceMark CheckMark = new("diag.yaml", 3, 5);

    public SecretRedactor Secrets { get; } = new();

    public ConfigDiagnostics Diagnostics { get; } = new();

    /// <summary>Setting i sits on line 4 + i; its value starts at column 7 + key length.</summary>
    public IProbe? Create(params (string Key, string Value)[] settings)
    {
        var mapping = new ConfigMapping(
            [.. settings.Select((s, i) => new KeyValuePair<ConfigScalar, ConfigNode>(
                new ConfigScalar(s.Key, CheckMark with { Line = 4 + i }), new ConfigScalar(s.Value, CheckMark with { Line = 4 + i, Column = 7 + s.Key.Length })))],
            CheckMark);
        var check = new CheckDefinition { Name = "db", Type = factory.Type, Mark = CheckMark, Settings = mapping, Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        var environment = new EnvironmentDefinition("staging", new Dictionary<string, ConfigScalar>(), false, CheckMark);
        return factory.Create(new CheckSettings(check, environment, mapping, Diagnostics, Secrets));
    }

    public ConfigError SingleError() => Assert.Single(Diagnostics.Errors);
}
