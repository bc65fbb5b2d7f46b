using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.HttpLoad;
using Serverless.Diag.Running;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.TestKit.HttpLoad;

/// <summary>Builds an http-load check the way a user writes it: YAML through the real loader and planner.</summary>
public static class LoadChecks
{
    /// <param name="settings">The check's own settings as YAML lines, e.g. "url: http://...\nrequests: 10".</param>
    public static PlannedCheck Plan(string settings, bool allowLoad = true, string timeout = "1m", string expect = "") =>
        PlanAll(settings, allowLoad, timeout, expect).Environments.Single().Checks.Single();

    public static RunPlan PlanAll(string settings, bool allowLoad = true, string timeout = "1m", string expect = "")
    {
        var indented = string.Join('\n', settings.Trim().Split('\n').Select(l => "    " + l.TrimEnd()));
        var expectBlock = expect.Length == 0 ? string.Empty : "    expect:\n" + string.Join('\n', expect.Split('\n').Select(l => "      - " + l.Trim()));
        var yaml = $"""
            version: 1
            environments:
              staging:
                allow_load: {(allowLoad ? "true" : "false")}
            checks:
              - name: load
                type: http-load
                timeout: {timeout}
            {indented}
            {expectBlock}
            """;
        var registry = new ProbeRegistry(BuiltInProbes.Create());
        var config = new ConfigLoader(registry).Parse(yaml, "diag.yaml");
        return new RunPlanner(registry, _ => null).Plan(config, RunFilter.All);
    }

    public static HttpLoadProbe Probe(string settings, bool allowLoad = true, string timeout = "1m") =>
        (HttpLoadProbe)Plan(settings, allowLoad, timeout).Probe!;

    /// <summary>The config problems an http-load check with these settings is refused for.</summary>
    public static IReadOnlyList<string> Errors(string settings, string timeout = "1m")
    {
        try
        {
            Plan(settings, timeout: timeout);
            return [];
        }
        catch (ConfigException e)
        {
            return [.. e.Errors.Select(x => x.ToString())];
        }
    }

    public static ProbeContext Context(SecretRedactor? secrets = null, TimeSpan? timeout = null) => new()
    {
        Environment = "staging",
        CheckName = "load",
        Timeout = timeout ?? TimeSpan.FromMinutes(1),
        TimeProvider = TimeProvider.System,
        Logger = NullLogger.Instance,
        Secrets = secrets ?? new SecretRedactor(),
    };
}
