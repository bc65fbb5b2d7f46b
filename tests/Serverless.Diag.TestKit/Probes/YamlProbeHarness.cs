using Xunit;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.TestKit.Probes;

/// <summary>
/// Builds a probe from a check's settings written as YAML (positions are real: diag.yaml line:col of the
/// snippet) and runs it, without the runner: factory.Create(CheckSettings) + RunAsync(ProbeContext).
/// An <c>expect:</c> list in the snippet becomes the check's expect lines.
/// </summary>
public static class YamlProbeHarness
{
    public static (IProbe? Probe, IReadOnlyList<ConfigError> Errors, SecretRedactor Secrets) Create(IProbeFactory factory, string yaml, TimeSpan? timeout = null, Serverless.Diag.Probes.Auth.TokenSourceTypes? tokenSources = null)
    {
        var diagnostics = new ConfigDiagnostics();
        var root = YamlTreeReader.Read(yaml, "diag.yaml", diagnostics) as ConfigMapping
            ?? throw new ArgumentException("the snippet must be a mapping", nameof(yaml));
        Assert.Empty(diagnostics.Errors);
        var expect = new List<ExpectLine>();
        if (root["expect"] is ConfigSequence lines)
        {
            foreach (var line in lines.Items)
            {
                expect.Add(line switch
                {
                    ConfigScalar s => new ExpectLine(s, IsWarning: false),
                    ConfigMapping { Entries: [var only] } when only.Value is ConfigScalar s => new ExpectLine(s, only.Key.Value == "warn"),
                    _ => throw new ArgumentException("expect lines must be scalars or warn: mappings"),
                });
            }
        }

        var settings = new ConfigMapping([.. root.Entries.Where(e => e.Key.Value != "expect")], root.Mark);
        var check = new CheckDefinition
        {
            Name = "check",
            Type = factory.Type,
            Mark = new SourceMark("diag.yaml", 1, 1),
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            Expect = expect,
            Settings = settings,
        };
        var environment = new EnvironmentDefinition("staging", new Dictionary<string, ConfigScalar>(), AllowLoad: false, SourceMark.None);
        var secrets = new SecretRedactor();
        var probe = factory.Create(new CheckSettings(check, environment, settings, diagnostics, secrets) { TokenSources = tokenSources ?? Serverless.Diag.Probes.Auth.TokenSourceTypes.BuiltIn });
        return (probe, diagnostics.Sorted(), secrets);
    }

    public static IProbe Build(IProbeFactory factory, string yaml, TimeSpan? timeout = null, Serverless.Diag.Probes.Auth.TokenSourceTypes? tokenSources = null)
    {
        var (probe, errors, _) = Create(factory, yaml, timeout, tokenSources);
        Assert.True(probe is not null, "the settings were refused: " + string.Join("; ", errors));
        return probe;
    }

    public static async Task<ProbeResult> RunAsync(IProbe probe, TimeSpan? timeout = null, SecretRedactor? secrets = null, TimeProvider? time = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        using var cancel = new CancellationTokenSource(limit);
        var context = new ProbeContext
        {
            Environment = "staging",
            CheckName = "check",
            Timeout = limit,
            TimeProvider = time ?? TimeProvider.System,
            Logger = NullLogger.Instance,
            Secrets = secrets ?? new SecretRedactor(),
        };
        return await probe.RunAsync(context, cancel.Token);
    }

    public static object? Value(this ProbeResult result, string path)
    {
        var lookup = result.Measurements.Lookup(path);
        Assert.True(lookup.Found, $"'{path}' not measured: {lookup.MissingReason}; error: {result.Error}");
        return lookup.Value;
    }

    public static double Number(this ProbeResult result, string path) => Assert.IsType<double>(result.Value(path));

    /// <summary>Everything a report could show of this result, to prove a secret is not in it.</summary>
    public static string Everything(this ProbeResult result) =>
        string.Join("\n", new[] { result.Error?.ToString() ?? string.Empty }
            .Concat(result.Evidence.Select(e => e.Title + "\n" + e.Content))
            .Concat(result.Hints)
            .Concat(result.Measurements.Export().Select(m => $"{m.Key}={m.Value}"))
            .Concat(result.Measurements.AbsentReasons.Select(m => $"{m.Key}: {m.Value}")));
}
