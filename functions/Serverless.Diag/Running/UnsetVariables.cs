using Serverless.Diag.Configuration;

namespace Serverless.Diag.Running;

/// <summary>The unset environment variables met while validating without secrets, and the checks that use each.</summary>
internal sealed class UnsetVariables
{
    private readonly Dictionary<string, (SourceMark First, SortedSet<string> Checks)> _byName = new(StringComparer.Ordinal);

    public void Used(string variable, SourceMark at, string check)
    {
        if (!_byName.TryGetValue(variable, out var use))
        {
            use = (at, new SortedSet<string>(StringComparer.Ordinal));
            _byName[variable] = use;
        }

        use.Checks.Add(check);
    }

    public void Report(ConfigDiagnostics diagnostics)
    {
        foreach (var (variable, (first, checks)) in _byName)
        {
            var users = checks.Count == 0 ? "no check" : $"check{(checks.Count == 1 ? string.Empty : "s")} {string.Join(", ", checks.Select(c => $"'{c}'"))}";
            diagnostics.Warn(
                first,
                $"environment variable '{variable}' is not set (used by {users}); what depends on its value was not checked ('validate --strict' and 'run' require it)");
        }
    }
}
