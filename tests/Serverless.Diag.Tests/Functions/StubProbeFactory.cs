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

    public IReadOnlyCollection<string> SettingKeys => ["outcome", "message", "create"];

    public MeasurementVocabulary Vocabulary { get; } = new("value");

    public int Runs => Volatile.Read(ref _runs);

    /// <summary>When set, every probe waits for it before answering.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary><c>create: slow</c> holds planning here until it is set (or a minute passes): a pathologically slow config.</summary>
    public ManualResetEventSlim SlowCreate { get; } = new();

    /// <summary><c>create: crash</c> throws from planning, as a loader bug would; <c>create: slow</c> waits for <see cref="SlowCreate"/>.</summary>
    public IProbe? Create(CheckSettings settings)
    {
        switch (settings.String("create"))
        {
            case "crash":
                throw new InvalidOperationException("the stub's planning crashed");
            case "slow":
                SlowCreate.Wait(TimeSpan.FromMinutes(1));
                break;
        }

        return new StubProbe(this, settings.String("outcome") ?? "pass", settings.String("message"));
    }

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
