using Serverless.Diag.Reporting;

namespace Serverless.Diag.Cli.Infrastructure;

/// <summary>Progress on stderr, only once a run has taken longer than a second (quick runs stay quiet).</summary>
internal sealed class StderrProgress(TextWriter stderr, TimeProvider timeProvider, int total) : IProgress<CheckReport>
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);
    private readonly long _started = timeProvider.GetTimestamp();
    private readonly Lock _gate = new();
    private int _done;

    public void Report(CheckReport value)
    {
        var done = Interlocked.Increment(ref _done);
        if (timeProvider.GetElapsedTime(_started) < QuietPeriod)
        {
            return;
        }

        lock (_gate)
        {
            stderr.WriteLine($"[{done}/{total}] {value.Environment}/{value.Name}: {value.Status.ToWire()}");
        }
    }
}
