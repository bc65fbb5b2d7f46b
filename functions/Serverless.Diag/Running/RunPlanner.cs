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
    /// <exception cref="SelectionException">An unknown environment, check or tag was asked for, or nothing was selected.</exception>
    public RunPlan Plan(DiagConfig config, RunFilter filter) => Plan(config, filter, PlanMode.Run);

    /// <exception cref="ConfigException">Every problem of the config: the loader's (<see cref="DiagConfig.Problems"/>) and the planner's.</exception>
    /// <exception cref="SelectionException">An unknown environment, check or tag was asked for, or nothing was selected.</exception>
    public RunPlan Plan(DiagConfig config, RunFilter filter, PlanMode mode)
    {
        var secrets = new SecretRedactor();
        var diagnostics = new ConfigDiagnostics(secrets);
        foreach (var problem in config.Problems)
        {
            diagnostics.Add(problem.Mark, problem.Message);
        }

        List<EnvironmentDefinition> environments;
        List<CheckDefinition> checks;
        try
        {
            (environments, checks) = RunSelection.Select(config, filter);
        }
        catch (SelectionException) when (diagnostics.HasErrors)
        {
            // A check the loader refused is missing from the config: its problem is the one to report.
            diagnostics.ThrowIfAny();
            throw;
        }

        foreach (var value in filter.VarOverrides.Values)
        {
            // A --var may carry a credential (a preview URL with a token); treat its credential parts as secrets.
            secrets.AddRange(CredentialParts.Extract(value));
        }

        var unset = new UnsetVariables();
        var plans = new List<EnvironmentPlan>();
        var followUpOnly = FollowUps.Add(config, checks, filter);
        var selectedNames = checks.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var context = new PlanningContext(diagnostics, secrets, filter, selectedNames, new AssertionCache());
        foreach (var environment in config.Environments)
        {
            var vars = WithOverrides(environment, filter.VarOverrides);
            var expanded = environment with { Vars = vars };
            var isSelected = environments.Contains(environment);
            var planned = new List<PlannedCheck>();
            string? current = null;
            var interpolator = new Interpolator(vars, environmentVariables, environment.Name, diagnostics, secrets)
            {
                OnUnsetEnvironmentVariable = mode == PlanMode.ValidateWithoutSecrets ? (name, at) => unset.Used(name, at, current!) : null,
            };
            foreach (var check in isSelected ? checks : [])
            {
                if (check.RunsIn(environment.Name))
                {
                    current = check.Name;
                    var plannedCheck = PlanCheck(check, expanded, interpolator, context);
                    planned.Add(followUpOnly.Contains(check.Name) ? plannedCheck with { FollowUpOnly = true } : plannedCheck);
                }
            }

            Interpolator? outsideSelection = null;
            foreach (var check in config.Checks)
            {
                if (check.RunsIn(environment.Name) && !(isSelected && selectedNames.Contains(check.Name)))
                {
                    outsideSelection ??= new Interpolator(vars, environmentVariables, environment.Name, new ConfigDiagnostics(), secrets)
                    {
                        OnUnsetEnvironmentVariable = static (_, _) => { },
                    };
                    RegisterSecrets(check, expanded, outsideSelection, secrets);
                }
            }

            if (isSelected)
            {
                plans.Add(new EnvironmentPlan(expanded, planned));
            }
        }

        unset.Report(diagnostics);
        diagnostics.ThrowIfAny();
        return new RunPlan(config, plans, secrets, filter) { Warnings = diagnostics.Warnings };
    }

    private PlannedCheck PlanCheck(CheckDefinition check, EnvironmentDefinition environment, Interpolator interpolator, PlanningContext context)
    {
        var factory = registry.Find(check.Type)!;
        var settings = (ConfigMapping)interpolator.Expand(check.Settings, factory.RuntimeVariables(check.Settings));

        // The probe reports into its own collector, so that what it says about a missing secret can be left out.
        var probeDiagnostics = new ConfigDiagnostics();
        var probe = factory.Create(new CheckSettings(check, environment, settings, probeDiagnostics, context.Secrets) { TokenSources = registry.TokenSources });
        var unresolved = UnresolvedMarks.Of(settings);
        if (unresolved is not null)
        {
            unresolved.Add(check.Mark);
            unresolved.Add(settings.Mark);
        }

        context.Diagnostics.AddFrom(probeDiagnostics, unresolved is null ? null : e => !unresolved.Contains(e.Mark));

        var assertions = new List<Assertion>(check.Expect.Count);
        foreach (var line in check.Expect)
        {
            if (ParseExpect(line, factory, interpolator, context) is { } assertion)
            {
                assertions.Add(assertion);
            }
        }

        // Dependencies outside the selection are not run, so they cannot skip anything.
        List<string> dependsOn = check.DependsOn.Count == 0 ? [] : [.. check.DependsOn.Select(d => d.Value).Where(context.Selected.Contains)];
        string? skip = null;
        if (factory.PutsLoad && !(environment.AllowLoad && context.Filter.AllowLoadChecks))
        {
            skip = environment.AllowLoad
                ? "load checks are not run from this entry point"
                : $"load checks need 'allow_load: true' on environment '{environment.Name}'";
        }

        return new PlannedCheck(check, environment, probe, assertions, dependsOn, skip);
    }

    private static Assertion? ParseExpect(ExpectLine line, IProbeFactory factory, Interpolator interpolator, PlanningContext context)
    {
        if (!line.HasVariables)
        {
            // Parsed (or refused, with its position) once at load.
            return line.Parsed;
        }

        var expanded = line with { Text = interpolator.Expand(line.Text) };
        return expanded.Text.Unresolved ? null : context.Assertions.Parse(expanded, factory, context.Diagnostics);
    }

    /// <summary>
    /// A check outside the selection still registers its secrets: its token must not appear in clear when a
    /// selected check's target echoes it. Its problems are not this run's, so they are dropped.
    /// </summary>
    private void RegisterSecrets(CheckDefinition check, EnvironmentDefinition environment, Interpolator interpolator, SecretRedactor secrets)
    {
        var factory = registry.Find(check.Type);
        var settings = (ConfigMapping)interpolator.Expand(check.Settings, factory?.RuntimeVariables(check.Settings) ?? IProbeFactory.NoRuntimeVariables);
        factory?.Create(new CheckSettings(check, environment, settings, new ConfigDiagnostics(), secrets) { TokenSources = registry.TokenSources });

        // An expect line may carry a secret too (body contains "${env:TOKEN}"): expanding it registers the value.
        foreach (var line in check.Expect.Where(l => l.HasVariables))
        {
            interpolator.Expand(line.Text);
        }
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

    private sealed record PlanningContext(
        ConfigDiagnostics Diagnostics,
        SecretRedactor Secrets,
        RunFilter Filter,
        HashSet<string> Selected,
        AssertionCache Assertions);
}
