using Microsoft.Extensions.Logging;
using Serverless.Diag.Hosting.Logging;
using Serverless.Diag.Secrets;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.Secrets;

public sealed class RedactingLoggerFactoryTests
{
    private readonly RecordingLoggers _lines = new();
    private readonly RedactingLoggerFactory _loggers;

    public RedactingLoggerFactoryTests() => _loggers = new RedactingLoggerFactory(_lines, new SecretRedactor());

    private static SecretRedactor Run(string secret)
    {
        var run = new SecretRedactor();
        run.Add(secret);
        return run;
    }

    private string LogAndRead(string message)
    {
        _loggers.CreateLogger("test").LogWarning("{Message}", message);
        return _lines.Lines[^1].Message;
    }

    [Fact]
    public void A_long_lived_host_holds_only_the_runs_in_progress_and_every_ended_runs_secrets_stay_masked()
    {
        for (var i = 0; i < 500; i++)
        {
            using var included = _loggers.Include(Run($"run-secret-{i:D4}"));
            Assert.Equal(1, _loggers.RunsInProgress);
            Assert.Equal("token ***", LogAndRead($"token run-secret-{i:D4}"));
        }

        Assert.Equal(0, _loggers.RunsInProgress);
        Assert.Equal("first *** last ***", LogAndRead("first run-secret-0000 last run-secret-0499"));
    }

    [Fact]
    public void A_secret_the_run_learns_while_it_goes_on_is_masked_then_and_after_it_ends()
    {
        var run = Run("planned-secret");
        var included = _loggers.Include(run);

        run.Add("learned-mid-run");
        Assert.Equal("*** and ***", LogAndRead("planned-secret and learned-mid-run"));

        included.Dispose();
        Assert.Equal("*** and ***", LogAndRead("planned-secret and learned-mid-run"));
    }

    [Fact]
    public void A_run_included_twice_is_held_until_both_end_and_ending_one_twice_counts_once()
    {
        var run = Run("shared-secret");
        var first = _loggers.Include(run);
        var second = _loggers.Include(run);

        first.Dispose();
        first.Dispose();
        Assert.Equal(1, _loggers.RunsInProgress);

        second.Dispose();
        Assert.Equal(0, _loggers.RunsInProgress);
    }

    [Fact]
    public void Nothing_is_masked_before_it_is_known()
    {
        Assert.Equal("later-secret", LogAndRead("later-secret"));

        using var included = _loggers.Include(Run("later-secret"));

        Assert.Equal("***", LogAndRead("later-secret"));
    }
}
