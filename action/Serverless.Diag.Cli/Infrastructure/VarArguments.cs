namespace Serverless.Diag.Cli.Infrastructure;

internal static class VarArguments
{
    /// <exception cref="ArgumentException">A value without '='.</exception>
    public static Dictionary<string, string> Parse(IEnumerable<string> values)
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--var takes name=value, not '{value}'");
            }

            vars[value[..equals].Trim()] = value[(equals + 1)..];
        }

        return vars;
    }
}
