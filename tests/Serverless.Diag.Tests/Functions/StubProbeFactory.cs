using Microsoft.Extensions.Logging;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Tests.Functions;

/// <summary>
/// A check type for driving the handler in process: <c>outcome: pass|fail|error</c>, <c>message</c> (logged and,
/// for error, returned). Counts its runs and can hold them at a gate to prove runs are shared.
/// </summary>
internal sealed class StubProbeFactory : IProbeFactory
{
    private int _runs;

    public string Type => "stub";

    public IReadOnlyCollection<string> SettingKeys => ["outcome", "message"];

    public MeasurementVocabulary Vocabulary { get; } = new("value");

    public int Runs => Volatile.Read(ref _runs);

    /// <summary>When set, every probe waits for it before answering.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public IProbe? Create(CheckSettings settings) =>
        new StubProbe(this, settings.String("outcome") ?? "pass", settings.String("message"));

    private sealed class StubProbe(StubProbeFactory factory, string outcome, string? message) : IProbe
    {
        public async Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref factory._runs);
            if (message is not null)
            {
                context.Logger.LogInformation("stub says {Message}", message);
            }

            if (factory.Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (outcome == "error")
            {
                return ProbeResult.Failed(ErrorCause.Refused, message ?? "refused");
            }

            var result = new ProbeResult();
            result.Measurements.Set("value", outcome == "pass" ? 1.0 : 0.0);
            return result;
        }
    }
}
