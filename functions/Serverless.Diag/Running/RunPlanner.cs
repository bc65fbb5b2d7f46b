using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Running;

/// <summary>Interpolates each check for each selected environment and builds its probe.</summary>
/// <param name="environmentVariables">The process environment (<c>${env:NAME}</c>); injectable for tests.</param>
public sealed class RunPlanner(ProbeRegistry registry, Func<string, string?> environmentVariables)
{
    /// <exception cref="ConfigException">Undefined variables, unset environment variables, invalid settings.</exception>
    /// <exception cref="SelectionException">An unknown environment or check was asked for.</exception>
    public RunPlan Plan(DiagConfig config, RunFilter filter)
    {
        var environments = SelectEnvironments(config, filter);
        var checks = SelectChecks(config, filter);
        var diagnostics = new ConfigDiagnostics();
        var secrets = new SecretRedactor();
        foreach (var value in filter.VarOverrides.Values)
        {
            // A --var may carry a credential (a preview URL with a token); treat its credential parts as secrets.
            foreach (var part in CredentialParts.Extract(value))
            {
                secrets.Add(part);
            }
        }

        var plans = new List<EnvironmentPlan>();
        var followUpOnly = FollowUps.Add(config, checks, filter);
        var selectedNames = checks.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var assertions = new AssertionCache();
        foreach (var environment in environments)
        {
            var vars = WithOverrides(environment, filter.VarOverrides);
            var interpolator = new Interpolator(vars, environmentVariables, environment.Name, diagnostics, secrets);
            var expanded = environment with { Vars = vars };
            var planned = checks
                .Where(c => c.RunsIn(environment.Name))
                .Select(c => PlanCheck(c, expanded, interpolator, diagnostics, secrets, filter, selectedNames, assertions) is var p && followUpOnly.Contains(c.Name) ? p with { FollowUpOnly = true } : p)
                .ToList();
            plans.Add(new EnvironmentPlan(expanded, planned));
        }

        diagnostics.ThrowIfAny();
        return new RunPlan(config, plans, secrets, filter);
    }

    private PlannedCheck PlanCheck(
        CheckDefinition check,
        EnvironmentDefinition environment,
        Interpolator interpolator,
        ConfigDiagnostics diagnostics,
        SecretRedactor secrets,
        RunFilter filter,
        HashSet<string> selected,
        AssertionCache parsed)
    {
        var factory = registry.Find(check.Type)!;
        var settings = (ConfigMapping)interpolator.Expand(check.Settings);
        var probe = factory.Create(new CheckSettings(check, environment, settings, diagnostics, secrets));
        var assertions = new List<Assertion>();
        foreach (var line in check.Expect)
        {
            var expanded = line with { Text = interpolator.Expand(line.Text) };
            if (parsed.Parse(expanded, factory, diagnostics) is { } assertion)
            {
                assertions.Add(assertion);
            }
        }

        // Dependencies outside the selection are not run, so they cannot skip anything.
        List<string> dependsOn = check.DependsOn.Count == 0 ? [] : [.. check.DependsOn.Select(d => d.Value).Where(selected.Contains)];
        string? skip = null;
        if (factory.PutsLoad && !(environment.AllowLoad && filter.AllowLoadChecks))
        {
            skip = environment.AllowLoad
                ? "load checks are not run from this entry point"
                : $"load checks need 'allow_load: true' on environment '{environment.Name}'";
        }

        return new PlannedCheck(check, environment, probe, assertions, dependsOn, skip);
    }

    private static Dictionary<string, ConfigScalar> WithOverrides(EnvironmentDefinition environment, IReadOnlyDictionary<string, string> overrides)
    {
        var vars = new Dictionary<string, ConfigScalar>(environment.Vars, StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            vars[name] = new ConfigScalar(value, new SourceMark("--var", 1, 1), Quoted: true);
        }

        return vars;
    }

    private static List<EnvironmentDefinition> SelectEnvironments(DiagConfig config, RunFilter filter)
    {
        if (filter.Environments.Count == 0)
        {
            return [.. config.Environments];
        }

        var names = config.Environments.Select(e => e.Name).ToList();
        foreach (var name in filter.Environments.Where(n => !names.Contains(n, StringComparer.Ordinal)))
        {
            throw new SelectionException($"unknown environment '{name}'{Suggestions.DidYouMean(name, names)}", names);
        }

        return [.. config.Environments.Where(e => filter.Environments.Contains(e.Name, StringComparer.Ordinal))];
    }

    private static List<CheckDefinition> SelectChecks(DiagConfig config, RunFilter filter)
    {
        var names = config.Checks.Select(c => c.Name).ToList();
        foreach (var name in filter.Checks.Where(n => !names.Contains(n, StringComparer.Ordinal)))
        {
            throw new SelectionException($"unknown check '{name}'{Suggestions.DidYouMean(name, names)}", names);
        }

        return [.. config.Checks.Where(c =>
            (filter.Checks.Count == 0 || filter.Checks.Contains(c.Name, StringComparer.Ordinal)) &&
            (filter.Tags.Count == 0 || c.Tags.Any(t => filter.Tags.Contains(t, StringComparer.Ordinal))))];
    }
}
