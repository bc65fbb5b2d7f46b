namespace Serverless.Diag.Bench;

/// <summary>The benchmark modes by name; each is one class with a RunAsync(args) entry point.</summary>
internal static class Modes
{
    public static IReadOnlyDictionary<string, Func<string[], Task<int>>> All { get; } = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
    {
        ["functions-cold-start"] = FunctionsColdStart.RunAsync,
    };

    public static int Usage()
    {
        Console.Error.WriteLine($"usage: Serverless.Diag.Bench <mode> [args]; modes: {string.Join(", ", All.Keys)}");
        return 2;
    }
}
