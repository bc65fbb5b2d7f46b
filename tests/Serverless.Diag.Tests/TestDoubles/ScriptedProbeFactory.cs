using System.Collections.Concurrent;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Tests.TestDoubles;

/// <summary>
/// A check type whose behaviour each test scripts per check name, to drive the runner through
/// timeouts, exceptions, retries and dependencies without a network.
/// </summary>
public sealed class ScriptedProbeFactory : IProbeFactory
{
    public const string TypeName = "scripted";

    private readonly ConcurrentDictionary<string, Func<ProbeContext, CancellationToken, Task<ProbeResult>>> _scripts = new();

    public string Type => TypeName;

    public IReadOnlyCollection<string> SettingKeys { get; } = ["url", "token", "value"];

    public MeasurementVocabulary Vocabulary { get; } = new("status", "latency", "value", "json.*");

    public ConcurrentDictionary<string, int> Calls { get; } = new();

    public ScriptedProbeFactory On(string checkName, Func<ProbeContext, CancellationToken, Task<ProbeResult>> script)
    {
        _scripts[checkName] = script;
        return this;
    }

    public ScriptedProbeFactory Returns(string checkName, double status) =>
        On(checkName, (_, _) =>
        {
            var result = new ProbeResult();
            result.Measurements.Set("status", status);
            return Task.FromResult(result);
        });

    public IProbe? Create(CheckSettings settings)
    {
        settings.String("url");
        settings.Secret("token");
        return new ScriptedProbe(this, settings.Check.Name);
    }

    private sealed class ScriptedProbe(ScriptedProbeFactory factory, string name) : IProbe
    {
        public Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
        {
            factory.Calls.AddOrUpdate(name, 1, (_, n) => n + 1);
            return factory._scripts.TryGetValue(name, out var script)
                ? script(context, cancellationToken)
                : Task.FromResult(new ProbeResult());
        }
    }
}
