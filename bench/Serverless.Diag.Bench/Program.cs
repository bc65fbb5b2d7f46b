using Serverless.Diag.Bench.Functions;
using Serverless.Diag.Bench.HttpLoad;

// Side-by-side benchmark modes: `Serverless.Diag.Bench <mode> [options]`, one class per mode.
var modes = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["load-target"] = LoadTargetMode.RunAsync,
    ["http-load"] = HttpLoadMode.RunAsync,
    ["functions-cold-start"] = FunctionsColdStartMode.RunAsync,
};

if (args.Length == 0 || !modes.TryGetValue(args[0], out var mode))
{
    await Console.Error.WriteLineAsync($"usage: Serverless.Diag.Bench <{string.Join('|', modes.Keys)}> [options]");
    return 2;
}

return await mode(args[1..]);
