using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.IntegrationTests.Postgres;

/// <summary>
/// Drives a probe the way the runner does (factory.Create on interpolated settings, then RunAsync with the check's
/// timeout), and proves a planted secret never comes out of it. Shared by the postgres and redis tests.
/// </summary>
internal sealed class ProbeHarness(IProbeFactory factory)
{
    public SecretRedactor Secrets { get; } = new();

    public ConfigDiagnostics Diagnostics { get; } = new();

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    public IProbe? Create(params (string Key, string Value)[] settings)
    {
        var mark = new SourceMark("diag.yaml", 3, 5);
        var mapping = new ConfigMapping(
            [.. settings.Select((s, i) => new KeyValuePair<ConfigScalar, ConfigNode>(
                new ConfigScalar(s.Key, mark with { Line = 4 + i }), new ConfigScalar(s.Value, mark with { Line = 4 + i, Column = 7 + s.Key.Length })))],
            mark);
        var check = new CheckDefinition { Name = "database", Type = factory.Type, Mark = mark, Settings = mapping, Timeout = Timeout };
        var environment = new EnvironmentDefinition("staging", new Dictionary<string, ConfigScalar>(), false, mark);
        return factory.Create(new CheckSettings(check, environment, mapping, Diagnostics, Secrets));
    }

    public async Task<ProbeResult> RunAsync(IProbe probe, params string[] assertedPaths)
    {
        var context = new ProbeContext
        {
            Environment = "staging",
            CheckName = "database",
            Timeout = Timeout,
            TimeProvider = TimeProvider.System,
            Logger = NullLogger.Instance,
            Secrets = Secrets,
            Assertions = [.. assertedPaths.Select(p => new Assertion($"{p} exists", AssertionLevel.Fail, p, AssertionOperator.Exists, null))],
        };
        using var cts = new CancellationTokenSource(Timeout);
        return await probe.RunAsync(context, cts.Token);
    }

    public async Task<ProbeResult> RunAsync((string Key, string Value)[] settings, params string[] assertedPaths)
    {
        var probe = Create(settings);
        Assert.True(probe is not null, string.Join("\n", Diagnostics.Errors.Select(e => e.ToString())));
        return await RunAsync(probe, assertedPaths);
    }

    /// <summary>Everything a probe result can carry to a report, as one text.</summary>
    public static string Everything(ProbeResult result) => string.Join("\n", new[]
    {
        result.Error?.ToString() ?? string.Empty,
        string.Join("\n", result.Evidence.Select(e => e.Title + "\n" + e.Content)),
        string.Join("\n", result.Hints),
        string.Join("\n", result.Measurements.Export().Select(m => $"{m.Key}={m.Value}")),
        string.Join("\n", result.Measurements.AbsentReasons.Select(m => $"{m.Key}: {m.Value}")),
    });

    public static void AssertNoSecret(ProbeResult result, string secret) =>
        Assert.DoesNotContain(secret, Everything(result), StringComparison.Ordinal);

    public static double Number(ProbeResult result, string path)
    {
        var lookup = result.Measurements.Lookup(path);
        Assert.True(lookup.Found, $"{path} not measured: {lookup.MissingReason}; error: {result.Error}");
        return Assert.IsType<double>(lookup.Value);
    }
}
