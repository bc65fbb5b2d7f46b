using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Running;

namespace Serverless.Diag.Tests.Configuration.Hostile;

/// <summary>
/// The path <c>serverless-diag validate</c> takes (load with problems deferred, then plan every environment),
/// in-process, classified as the command's exit code would be: 0 valid, 2 refused with positions, 3 anything else.
/// </summary>
internal static class ConfigValidation
{
    public const string FileName = "hostile.yaml";

    private static readonly Lazy<ConfigLoader> Loader = new(() => new ConfigLoader(ProbeCatalog.CreateDefault()));

    public sealed record Outcome(int ExitCode, IReadOnlyList<ConfigError> Errors, RunPlan? Plan, Exception? Unexpected)
    {
        public string Describe() => Unexpected?.ToString() ?? string.Join(Environment.NewLine, Errors);
    }

    public static Outcome Validate(string yaml, PlanMode mode = PlanMode.ValidateWithoutSecrets, Func<string, string?>? environment = null, RunFilter? filter = null)
    {
        try
        {
            var config = Loader.Value.Parse(yaml, FileName, deferProblems: true);
            var plan = new RunPlanner(ProbeCatalog.CreateDefault(), environment ?? (_ => null)).Plan(config, filter ?? RunFilter.All, mode);
            return new Outcome(0, [], plan, null);
        }
        catch (ConfigException e)
        {
            return new Outcome(2, e.Errors, null, null);
        }
        catch (SelectionException e)
        {
            return new Outcome(2, [], null, e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new Outcome(3, [], null, e);
        }
    }

    /// <summary>Validates on a worker thread and gives up after <paramref name="limit"/>: a hang is a failure, not a stuck test run.</summary>
    public static Outcome ValidateWithin(string yaml, TimeSpan limit, PlanMode mode = PlanMode.ValidateWithoutSecrets, Func<string, string?>? environment = null)
    {
        var work = Task.Run(() => Validate(yaml, mode, environment));
        if (!work.Wait(limit))
        {
            Assert.Fail($"validation took longer than {limit.TotalSeconds:0}s on:{Environment.NewLine}{Excerpt(yaml)}");
        }

        return work.Result;
    }

    /// <summary>Refused with exit 2 and every problem positioned in the file; the message mentions <paramref name="expected"/>.</summary>
    public static ConfigError AssertRefused(Outcome outcome, string expected, string? yaml = null)
    {
        Assert.True(outcome.ExitCode == 2 && outcome.Unexpected is null, $"expected a positioned refusal, got exit {outcome.ExitCode}: {outcome.Describe()}{(yaml is null ? string.Empty : Environment.NewLine + Excerpt(yaml))}");
        AssertPositioned(outcome);
        var match = outcome.Errors.FirstOrDefault(e => e.Message.Contains(expected, StringComparison.Ordinal));
        Assert.True(match is not null, $"no problem mentions '{expected}':{Environment.NewLine}{outcome.Describe()}");
        return match;
    }

    public static void AssertPositioned(Outcome outcome)
    {
        Assert.NotEmpty(outcome.Errors);
        foreach (var error in outcome.Errors.Where(e => !e.Message.StartsWith("and ", StringComparison.Ordinal)))
        {
            Assert.True(error.Mark.File == FileName && error.Mark.Line >= 1 && error.Mark.Column >= 1, $"not positioned: {error}");
        }
    }

    public static string Excerpt(string text) => text.Length <= 400 ? text : string.Concat(text.AsSpan(0, 400), $"… ({text.Length:N0} characters)");
}
