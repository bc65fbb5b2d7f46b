using System.Globalization;

namespace Serverless.Diag.Bench.HttpLoad;

/// <summary><c>--name value</c> pairs, nothing more: the benchmark scripts are the only callers.</summary>
internal sealed class BenchArgs(string[] args)
{
    public string? Get(string name)
    {
        var index = Array.IndexOf(args, "--" + name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public double? Number(string name) => Get(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;
}
